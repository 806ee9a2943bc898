// The verdict of one run, in the stable JSON shape scripts and tests rely on.

import type { Counters } from './counters.ts';
import type { ExpectationResult } from './expect.ts';
import type { Packet } from './packets.ts';
import type { TimelineDoubt } from './reconcile.ts';
import type { Series } from './series.ts';
import type { Transition } from './timeline.ts';

export type Verdict = 'pass' | 'fail' | 'error';

/** A line in the run's story: a program's output or the choreography's own note. */
export interface RunEvent {
  tMs: number;
  /** `server`, `client`, … for program output; `lab` for the choreography's notes. */
  source: string;
  text: string;
}

export interface StepRecord {
  title: string;
  startMs: number;
  endMs: number | null;
  /** Why the step did not run here (its condition does not hold on this kernel). */
  skipped?: string;
}

export interface RunReport {
  lab: string;
  /** The language of the report's human text (keys and ids are always English). */
  lang: 'en' | 'zh';
  mode: 'demo' | 'check';
  verdict: Verdict;
  sandbox: 'userns' | 'netns' | 'host';
  /** Wall-clock time (ms since the epoch) the run started: every tMs counts from here. */
  startedAtMs: number;
  durationMs: number;
  /** When the sampler and the capture stopped, before the sandbox was torn down (null if never opened). */
  observedUntilMs: number | null;
  expectations: Array<Pick<ExpectationResult, 'id' | 'text' | 'ok' | 'observed' | 'command'>>;
  /** Every state change, each with its source: the capture's segments, or the 20 Hz poll. */
  timeline: Transition[];
  /** 'wire+poll' with a capture; 'poll' alone without one (short states may be missing). */
  timelineSource: 'wire+poll' | 'poll';
  /** Changes the wire implied but a snapshot contradicted: set aside, not shown as fact. */
  timelineDoubts: TimelineDoubt[];
  counters: Counters;
  /** The lab's chart: sockets in one state over the run, a point at each change (null if none). */
  series: Series | null;
  error: string | null;
  /** Extra detail beyond the stable fields. */
  fast: boolean;
  port: number;
  steps: StepRecord[];
  events: RunEvent[];
  /** The exercise checked (its id), in check mode. */
  exercise: string | null;
  /** When a check failed: the first failed expectation's hint with what the kernel showed, then the exercise's. */
  hints: string[];
  /** The steps' predictions that were asked, with the guess and what the kernel showed. */
  predictions: Array<{
    step: number;
    question: string;
    choices: string[];
    answer: string;
    expectation: string;
    guess: string;
    right: boolean;
    held: boolean;
    observed: string;
  }>;
  /** TCP segments captured with tcpdump inside the sandbox, when the lab captured. */
  packets: Packet[];
  /** Why there is no packet view (tcpdump missing…) when the lab wanted one. */
  packetViewMissing: string | null;
}

export function decideVerdict(results: readonly ExpectationResult[], error: string | null): Verdict {
  if (error !== null) return 'error';
  if (results.length === 0) return 'error';
  return results.every((result) => result.ok) ? 'pass' : 'fail';
}

export const EXIT_CODES: Record<Verdict, number> = { pass: 0, fail: 1, error: 2 };
