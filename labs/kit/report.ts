// The run's report, built in one place from what the run accumulated: the stable JSON shape
// that `--json`, the TUI and the tests read.

import type { Counters } from '../../checker/counters.ts';
import type { ExpectationResult } from '../../checker/expect.ts';
import type { TimelineDoubt } from '../../checker/reconcile.ts';
import type { Series } from '../../checker/series.ts';
import type { Transition } from '../../checker/timeline.ts';
import { decideVerdict, type RunReport } from '../../checker/verdict.ts';
import { getLang } from '../../i18n/lang.ts';
import type { Exercise, Lab } from './lab.ts';
import type { RunState } from './run-state.ts';
import type { SandboxMode } from './sandbox.ts';

export interface ReportInput {
  lab: Lab;
  /** The exercise checked, in check mode. */
  exercise: Exercise | null;
  mode: 'demo' | 'check';
  fast: boolean;
  sandbox: SandboxMode;
  port: number;
  timeline: Transition[];
  timelineDoubts: TimelineDoubt[];
  timelineSource: 'wire+poll' | 'poll';
  counters: Counters;
  series: Series | null;
  error: string | null;
  packetViewMissing: string | null;
}

/**
 * A failed check's hints, most telling first: the hint of the first expectation that failed,
 * with what the kernel showed, then the exercise's own.
 */
export function checkHints(results: readonly ExpectationResult[], exercise: Exercise): string[] {
  const failed = results.find((result) => !result.ok);
  const first = failed?.hint ? [`${failed.hint} (the kernel showed: ${failed.observed})`] : [];
  return [...first, ...exercise.hints];
}

export function buildReport(run: RunState, input: ReportInput): RunReport {
  const verdict = decideVerdict(run.results, input.error);
  return {
    lab: input.lab.id,
    lang: getLang(),
    mode: input.mode,
    verdict,
    sandbox: input.sandbox,
    startedAtMs: run.startEpochMs,
    durationMs: Math.round(run.clock()),
    observedUntilMs: run.observedUntilMs === null ? null : Math.round(run.observedUntilMs),
    expectations: run.results.map(({ id, text, ok, observed, command }) => ({ id, text, ok, observed, command })),
    timeline: input.timeline,
    timelineSource: input.timelineSource,
    timelineDoubts: input.timelineDoubts,
    counters: input.counters,
    series: input.series,
    error: input.error,
    fast: input.fast,
    port: input.port,
    steps: run.steps,
    events: run.events,
    exercise: input.exercise?.id ?? null,
    hints: verdict === 'fail' && input.exercise ? checkHints(run.results, input.exercise) : [],
    packets: run.packets,
    predictions: run.predictions,
    packetViewMissing: input.packetViewMissing,
  };
}
