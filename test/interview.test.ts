// Interview walkthroughs: the questions interviewers ask, each settled by a lab's run; the
// model answer's numbers come from that run (a walkthrough through the real CLI shows it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allQuestions } from '../cli/commands/interview.ts';
import { planView } from '../labs/kit/plan-view.ts';
import { tcplabs } from './helpers.ts';

const TOPICS = ['handshake', 'teardown', 'queues', 'timers', 'tuning'];

describe('interview questions', async () => {
  const all = await allQuestions();
  it('at least 16, with unique ids, in known topics, each citing expectations its lab has', () => {
    assert.ok(all.length >= 16, `${all.length} questions`);
    assert.equal(new Set(all.map((a) => a.question.id)).size, all.length);
    for (const { lab, question } of all) {
      assert.ok(TOPICS.includes(question.topic), `${question.id}: topic ${question.topic}`);
      assert.ok(question.cites.length > 0, `${question.id} stands on the run`);
      const view = planView(lab);
      const ids = new Set(view.steps.flatMap((s) => s.expectations.map((e) => e.id)));
      for (const id of question.cites)
        assert.ok(ids.has(id), `${question.id} cites ${id}, which ${lab.id} does not expect`);
      assert.ok(question.followUps.length > 0, `${question.id} has follow-ups`);
    }
  });

  it('--json lists them as {id, topic, lab, question}', async () => {
    const result = await tcplabs(['interview', '--json']);
    assert.equal(result.exitCode, 0, result.stderr);
    const listed = JSON.parse(result.stdout);
    assert.equal(listed.length, all.length);
    assert.deepEqual(Object.keys(listed[0]).sort(), ['id', 'lab', 'question', 'topic']);
  });

  it('a walkthrough: the answer kept, the run, a model answer with the run’s own numbers', async () => {
    const asked = all.find((a) => a.lab.id === 'time-wait-active-closer') ?? all[0];
    assert.ok(asked);
    const result = await tcplabs(['interview', asked.question.id, '--answer', 'my own words', '--json']);
    assert.equal(result.exitCode, 0, result.stderr);
    const out = JSON.parse(result.stdout);
    assert.equal(out.yourAnswer, 'my own words');
    assert.ok(out.model, 'the run settled it');
    const numbers = out.model.match(/\d+(?:\.\d+)?/g) ?? [];
    const observed = out.run.expectations.map((e: { observed: string }) => e.observed).join(' ');
    assert.ok(
      numbers.some((n: string) => observed.includes(n)),
      `the answer quotes the run: ${out.model}`,
    );
  });

  it('an unknown question: one line, exit 2', async () => {
    const result = await tcplabs(['interview', 'no-such-question']);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /^tcplabs: no interview question or topic "no-such-question"/);
  });
});
