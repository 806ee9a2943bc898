// Asking before showing: a step's prediction is answered from its expectation, asked at the
// step's gate, and judged by what the kernel showed; without a terminal --predict refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickChoice } from '../cli/ask.ts';
import { loadLab } from '../labs/kit/registry.ts';
import { runLab } from '../labs/kit/runner.ts';
import { tcplabs } from './helpers.ts';

/** close-wait-leak with a question on its fourth step, as a lab author would write it. */
async function askingLab() {
  const lab = await loadLab('close-wait-leak');
  return {
    ...lab,
    plan: (input: Parameters<typeof lab.plan>[0]) =>
      lab.plan(input).map((step) =>
        step.title.startsWith('server reads EOF')
          ? {
              ...step,
              predict: {
                question: "After the client's FIN, what state is the server's socket in?",
                expectation: 'server-close-wait',
                choices: ['ESTAB', 'CLOSE-WAIT', 'TIME-WAIT', 'CLOSED'],
              },
            }
          : // The lab's own questions stay out: this test asks exactly one.
            { ...step, predict: undefined },
      ),
  };
}

describe('predictions', () => {
  it('are asked at the step gate, answered from the expectation, and judged by the kernel', async () => {
    const asked: string[] = [];
    const report = await runLab(await askingLab(), {
      fast: true,
      stepGate: async ({ predict }) => {
        if (!predict) return undefined;
        asked.push(predict.question);
        assert.equal(predict.answer, 'CLOSE-WAIT', 'the answer is what server-close-wait asserts');
        return 'TIME-WAIT';
      },
    });
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.equal(asked.length, 1);
    const [outcome] = report.predictions;
    assert.ok(outcome);
    assert.equal(outcome.guess, 'TIME-WAIT');
    assert.equal(outcome.right, false);
    assert.equal(outcome.held, true);
    assert.match(outcome.observed, /^CLOSE-WAIT 127\.0\.0\.1:8818 ⇄ /);
  });

  it('a choice is picked by its number or its words', () => {
    assert.equal(pickChoice(['ESTAB', 'CLOSE-WAIT'], ' 2 '), 'CLOSE-WAIT');
    assert.equal(pickChoice(['ESTAB', 'CLOSE-WAIT'], 'close-wait'), 'CLOSE-WAIT');
    assert.equal(pickChoice(['ESTAB', 'CLOSE-WAIT'], '3'), null);
  });

  it('run --predict without a terminal: one line, exit 2, nothing started', async () => {
    const result = await tcplabs(['run', 'close-wait-leak', '--predict']);
    assert.equal(result.exitCode, 2);
    assert.equal(
      result.stderr,
      'tcplabs: --predict asks you before each step, so it needs a terminal (stdin is not one)',
    );
    assert.equal(result.stdout, '');
  });
});

describe('every lab asks before it shows', async () => {
  const { loadLabs } = await import('../labs/kit/registry.ts');
  const { planView } = await import('../labs/kit/plan-view.ts');
  for (const lab of await loadLabs()) {
    it(`${lab.id}: at least two predictions, each answered by an expectation of its step, the answer among its choices`, () => {
      const asked = planView(lab).steps.filter((s) => s.predict);
      assert.ok(asked.length >= 2, `${lab.id} asks ${asked.length}`);
      for (const step of asked) assert.ok(step.predict?.choices.includes(step.predict.answer));
    });
  }
});
