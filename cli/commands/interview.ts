// `tcplabs interview [topic | question-id]`: the question; your own answer, typed and kept;
// the lab run that settles it; a model answer whose numbers come from that run; the
// follow-ups an interviewer asks next; and the seed's myth, where there is one.

import { createInterface } from 'node:readline';
import type { RunReport } from '../../checker/verdict.ts';
import { LabError } from '../../labs/kit/errors.ts';
import { type InterviewQuestion, unsettled } from '../../labs/kit/interview.ts';
import type { Lab } from '../../labs/kit/lab.ts';
import { ProgressStore } from '../../labs/kit/progress.ts';
import { loadLabs } from '../../labs/kit/registry.ts';
import { runLab } from '../../labs/kit/runner.ts';
import type { CommandIo } from '../io.ts';
import { cliWords } from '../words.ts';

export interface Asked {
  lab: Lab;
  question: InterviewQuestion;
}

export async function allQuestions(): Promise<Asked[]> {
  return (await loadLabs()).flatMap((lab) => (lab.interview ?? []).map((question) => ({ lab, question })));
}

function listing(all: readonly Asked[], io: CommandIo): string[] {
  const lines: string[] = [];
  for (const topic of [...new Set(all.map((a) => a.question.topic))]) {
    lines.push(io.paint('bold', topic));
    for (const { lab, question } of all.filter((a) => a.question.topic === topic)) {
      lines.push(`  ${question.id.padEnd(30)} ${question.question}  ${io.paint('dim', `(${lab.id})`)}`);
    }
  }
  lines.push('', cliWords('interview.more'));
  return lines;
}

async function yourAnswer(io: CommandIo, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  if (!process.stdin.isTTY) {
    throw new LabError(cliWords('interview.needsAnswer'));
  }
  // The prompt never goes into --json's stdout.
  (io.json ? process.stderr : process.stdout).write(
    `${io.paint('bold', cliWords('interview.yourAnswer'))} ${cliWords('interview.oneLine')}`,
  );
  const lines = createInterface({ input: process.stdin, terminal: false });
  const answer = await new Promise<string>((resolve) => lines.once('line', resolve));
  lines.close();
  return answer.trim();
}

/** The model answer, the follow-ups and the myth, once the run has settled the question. */
function settled(question: InterviewQuestion, run: RunReport, io: CommandIo): string[] {
  const why = unsettled(question, run);
  if (why) return [io.paint('red', cliWords('interview.noModel', { why }))];
  const lines = ['', io.paint('bold', cliWords('interview.answer')), question.answer(run)];
  if (question.followUps.length > 0) lines.push('', io.paint('bold', cliWords('interview.next')));
  lines.push(...question.followUps.map((f) => `  - ${f}`));
  if (question.myth) {
    const { seed, claim, truth } = question.myth;
    lines.push('', io.paint('bold', cliWords('interview.myth', { seed })), `  "${claim}"`, `  ${truth}`);
  }
  return lines;
}

interface Walked {
  code: number;
  /** The walkthrough as data, for --json. */
  record: object;
}

async function walkThrough(asked: Asked, io: CommandIo, given: string | undefined): Promise<Walked> {
  const { lab, question } = asked;
  // With --json stdout carries the JSON alone: the heading and the progress line are for people.
  if (!io.json)
    io.out(
      `${io.paint('bold', question.question)}  ${io.paint('dim', cliWords('interview.settledBy', { id: question.id, lab: lab.id }))}`,
    );
  const answer = await yourAnswer(io, given);
  if (!io.json) io.out(io.paint('dim', `\n${cliWords('interview.running', { lab: lab.id })}`));
  const run = await runLab(lab, { fast: true, signal: io.signal });
  const model = unsettled(question, run) === null ? question.answer(run) : null;
  if (!io.json) for (const line of settled(question, run, io)) io.out(line);
  new ProgressStore().interviewed(question.id, answer);
  const code = run.verdict === 'pass' ? 0 : run.verdict === 'fail' ? 1 : 2;
  return {
    code,
    record: { id: question.id, lab: lab.id, question: question.question, yourAnswer: answer, model, run },
  };
}

export async function interviewCommand(options: { pick?: string; answer?: string }, io: CommandIo): Promise<number> {
  const all = await allQuestions();
  if (options.pick === undefined) {
    if (io.json)
      io.out(
        JSON.stringify(
          all.map(({ lab, question: q }) => ({ id: q.id, topic: q.topic, lab: lab.id, question: q.question })),
        ),
      );
    else io.out(listing(all, io).join('\n'));
    return 0;
  }
  const byId = all.find((a) => a.question.id === options.pick);
  const byTopic = all.filter((a) => a.question.topic === options.pick);
  if (!byId && byTopic.length === 0) {
    const topics = [...new Set(all.map((a) => a.question.topic))].join(', ');
    throw new LabError(cliWords('interview.unknown', { pick: options.pick, topics }));
  }
  let worst = 0;
  const records: object[] = [];
  for (const asked of byId ? [byId] : byTopic) {
    const walked = await walkThrough(asked, io, options.answer);
    worst = Math.max(worst, walked.code);
    records.push(walked.record);
    if (io.signal.aborted) return 130;
  }
  // One question: its object; a topic: an array of them.
  if (io.json) io.out(JSON.stringify(byId ? records[0] : records));
  return worst;
}
