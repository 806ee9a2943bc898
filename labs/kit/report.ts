// The run's report, built in one place from what the run accumulated: the stable JSON shape
// that `--json`, the TUI and the tests read.

import type { Counters } from '../../checker/counters.ts';
import type { TimelineDoubt } from '../../checker/reconcile.ts';
import type { Transition } from '../../checker/timeline.ts';
import { decideVerdict, type RunReport } from '../../checker/verdict.ts';
import type { Lab } from './lab.ts';
import type { RunState } from './run-state.ts';
import type { SandboxMode } from './sandbox.ts';

export interface ReportInput {
  lab: Lab;
  mode: 'demo' | 'check';
  fast: boolean;
  sandbox: SandboxMode;
  port: number;
  timeline: Transition[];
  timelineDoubts: TimelineDoubt[];
  timelineSource: 'wire+poll' | 'poll';
  counters: Counters;
  error: string | null;
  packetViewMissing: string | null;
}

export function buildReport(run: RunState, input: ReportInput): RunReport {
  const verdict = decideVerdict(run.results, input.error);
  return {
    lab: input.lab.id,
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
    error: input.error,
    fast: input.fast,
    port: input.port,
    steps: run.steps,
    events: run.events,
    hints: verdict === 'fail' && input.mode === 'check' ? (input.lab.exercise?.hints ?? []) : [],
    packets: run.packets,
    packetViewMissing: input.packetViewMissing,
  };
}
