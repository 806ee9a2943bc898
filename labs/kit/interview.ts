// Interview walkthroughs: a question interviewers ask, settled by a run of the lab it lives
// beside. The model answer is written from that run's report (what ss showed, what the
// capture timed), never from constants in prose; follow-ups and the seed's myth come after.

import type { RunReport } from '../../checker/verdict.ts';
import { kitWords } from './words.ts';

export interface InterviewQuestion {
  /** Stable, kebab-case: `tcplabs interview <id>`. */
  id: string;
  /** handshake, teardown, queues, timers or tuning. */
  topic: string;
  question: string;
  /** The model answer, its numbers read from the run (see `observedOf`, `numberIn`). */
  answer(run: RunReport): string;
  /** The expectations the answer stands on: they must hold for the answer to be given. */
  cites: string[];
  /** What an interviewer asks next. */
  followUps: string[];
  /** Where a seed gets it wrong, and what the run shows instead. */
  myth?: { seed: string; claim: string; truth: string };
}

/** What the kernel showed for an expectation of the run (empty when it was not judged). */
export function observedOf(run: RunReport, id: string): string {
  return run.expectations.find((e) => e.id === id)?.observed ?? '';
}

/**
 * A number the run showed, for a model answer: rounded to `digits` decimals when given, and
 * "?" when the run did not show it (rare: an answer is given only once its cites held).
 */
export function shown(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '?';
  if (digits === undefined) return String(value);
  const scale = 10 ** digits;
  return String(Math.round(value * scale) / scale);
}

/** The first number a pattern captures in an expectation's observation, or null. */
export function numberIn(run: RunReport, id: string, pattern: RegExp): number | null {
  const match = pattern.exec(observedOf(run, id));
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** Why a run cannot settle the question: an expectation it cites did not hold. */
export function unsettled(question: InterviewQuestion, run: RunReport): string | null {
  if (run.verdict === 'error') return kitWords('interview.unfinished', { error: run.error ?? '' });
  const failed = question.cites.filter((id) => !run.expectations.find((e) => e.id === id)?.ok);
  return failed.length > 0 ? kitWords('interview.unshown', { ids: failed.join(', ') }) : null;
}
