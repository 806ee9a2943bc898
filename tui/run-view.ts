// What the lab screen shows of a run, folded from the runner's LabEvents. A pure reducer:
// the screen renders this and nothing else, so it never looks at `ss` or the kernel.

import type { Counters } from '../checker/counters.ts';
import type { Packet } from '../checker/packets.ts';
import { addPoint, countInState, type Series } from '../checker/series.ts';
import type { ObservedSocket, Transition } from '../checker/timeline.ts';
import type { RunEvent, RunReport } from '../checker/verdict.ts';
import type { Side } from '../labs/kit/lab.ts';
import type { PredictionOutcome, PredictionView } from '../labs/kit/predict.ts';
import type { LabEvent } from '../labs/kit/runner.ts';

export type RunStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'pass' | 'fail' | 'error' | 'stopped';

export type StepStatus = 'planned' | 'waiting' | 'running' | 'done' | 'skipped' | 'halted';

export interface StepView {
  index: number;
  title: string;
  status: StepStatus;
}

export interface ExpectationView {
  id: string;
  text: string;
  ok: boolean;
  observed: string;
  command: string | null;
}

export type TimelineEntry =
  | { kind: 'change'; transition: Transition }
  | { kind: 'output'; event: RunEvent }
  | { kind: 'packet'; packet: Packet }
  | { kind: 'step'; tMs: number; index: number; title: string };

export interface RunView {
  status: RunStatus;
  /** Role → side (client, server, attacker, observer): which column a role is drawn in. */
  sides: Record<string, Side>;
  mode: 'demo' | 'check';
  learnerFile: string | null;
  fast: boolean;
  sandbox: string | null;
  port: number | null;
  elapsedMs: number;
  steps: StepView[];
  sockets: readonly ObservedSocket[];
  timeline: TimelineEntry[];
  /** Entries dropped from the front to bound memory on long runs. */
  timelineDropped: number;
  /** The lab captures packets (tcpdump): the timeline draws them instead of inferring. */
  captured: boolean;
  expectations: ExpectationView[];
  counters: Counters | null;
  error: string | null;
  hints: string[];
  /** The predictions asked so far, with the room's answer and what the kernel showed. */
  predictions: PredictionOutcome[];
  /** The lab's chart (sockets in one state over the run), when it has one. */
  series: Series | null;
  /** How many of the hints are shown: the first at once, then one more per `h`. */
  hintsShown: number;
  report: RunReport | null;
}

/** Enough history for any pane; older entries are counted, not kept. */
export const TIMELINE_LIMIT = 1000;

export const IDLE_VIEW: RunView = {
  status: 'idle',
  sides: { listener: 'server', server: 'server', client: 'client', lab: 'observer' },
  mode: 'demo',
  learnerFile: null,
  fast: false,
  sandbox: null,
  port: null,
  elapsedMs: 0,
  steps: [],
  sockets: [],
  timeline: [],
  timelineDropped: 0,
  captured: false,
  expectations: [],
  counters: null,
  error: null,
  hints: [],
  predictions: [],
  series: null,
  hintsShown: 1,
  report: null,
};

/** What a lab will do, before it runs: its plan's step titles (dimmed) and its sides. */
export interface PlannedRun {
  titles: readonly string[];
  sides: Record<string, Side>;
}

export function plannedView(plan: PlannedRun): RunView {
  const steps = plan.titles.map((title, index) => ({ index, title, status: 'planned' as const }));
  return { ...IDLE_VIEW, sides: plan.sides, steps };
}

export function startingView(
  options: { mode: 'demo' | 'check'; fast: boolean; learnerFile?: string },
  plan?: PlannedRun,
): RunView {
  return {
    ...(plan ? plannedView(plan) : IDLE_VIEW),
    status: 'starting',
    mode: options.mode,
    fast: options.fast,
    learnerFile: options.learnerFile ?? null,
  };
}

function appendTimeline(view: RunView, entries: TimelineEntry[]): Pick<RunView, 'timeline' | 'timelineDropped'> {
  if (entries.length === 0) return { timeline: view.timeline, timelineDropped: view.timelineDropped };
  const timeline = [...view.timeline, ...entries];
  const excess = Math.max(0, timeline.length - TIMELINE_LIMIT);
  return { timeline: excess > 0 ? timeline.slice(excess) : timeline, timelineDropped: view.timelineDropped + excess };
}

function entryTime(entry: TimelineEntry): number {
  switch (entry.kind) {
    case 'change':
      return entry.transition.tMs;
    case 'output':
      return entry.event.tMs;
    case 'packet':
      return entry.packet.tMs;
    case 'step':
      return entry.tMs;
  }
}

/**
 * A captured segment reaches us a little after the kernel stamped it (tcpdump's output
 * travels through the sandbox's pipes), so it goes in at its own time, not at the end.
 */
function insertPacket(view: RunView, entry: TimelineEntry): Pick<RunView, 'timeline' | 'timelineDropped'> {
  const t = entryTime(entry);
  let at = view.timeline.length;
  while (at > 0 && entryTime(view.timeline[at - 1] as TimelineEntry) > t) at--;
  if (at === view.timeline.length) return appendTimeline(view, [entry]);
  const timeline = [...view.timeline.slice(0, at), entry, ...view.timeline.slice(at)];
  const excess = Math.max(0, timeline.length - TIMELINE_LIMIT);
  return { timeline: excess > 0 ? timeline.slice(excess) : timeline, timelineDropped: view.timelineDropped + excess };
}

export function isActive(status: RunStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'stopping';
}

export function applyEvent(view: RunView, event: LabEvent): RunView {
  switch (event.type) {
    case 'started':
      return {
        ...view,
        status: view.status === 'stopping' ? 'stopping' : 'running',
        sandbox: event.sandbox,
        port: event.port,
        fast: event.fast,
        sides: event.sides,
        series: event.chart ? { ...event.chart, points: [] } : null,
      };
    case 'step': {
      const steps = view.steps.filter((step) => step.index !== event.index);
      steps.push({ index: event.index, title: event.title, status: event.status });
      steps.sort((a, b) => a.index - b.index);
      const marker: TimelineEntry[] =
        event.status === 'running'
          ? [{ kind: 'step', tMs: view.elapsedMs, index: event.index, title: event.title }]
          : [];
      return { ...view, steps, ...appendTimeline(view, marker) };
    }
    case 'sample':
      return {
        ...view,
        sockets: event.snapshot.sockets,
        series: view.series
          ? addPoint(view.series, event.snapshot.tMs, countInState(event.snapshot.sockets, view.series))
          : null,
        elapsedMs: Math.max(view.elapsedMs, event.snapshot.tMs),
        ...appendTimeline(
          view,
          event.transitions.map((transition) => ({ kind: 'change' as const, transition })),
        ),
      };
    case 'event':
      return {
        ...view,
        elapsedMs: Math.max(view.elapsedMs, event.event.tMs),
        ...appendTimeline(view, [{ kind: 'output', event: event.event }]),
      };
    case 'expectation': {
      const { id, text, ok, observed, command } = event.result;
      return { ...view, expectations: [...view.expectations, { id, text, ok, observed, command }] };
    }
    case 'counters':
      return { ...view, counters: event.counters };
    case 'prediction':
      return { ...view, predictions: [...view.predictions, event.outcome] };
    case 'packet':
      return {
        ...view,
        captured: true,
        elapsedMs: Math.max(view.elapsedMs, event.packet.tMs),
        ...insertPacket(view, { kind: 'packet', packet: event.packet }),
      };
    case 'finished':
      return finishView(view, event.report);
    default:
      // Event kinds this screen does not draw (yet) leave the view as it is.
      return view;
  }
}

/**
 * The report's timeline is the reconciled one (every change the capture implied, checked
 * against the snapshots): it replaces the state changes drawn live, in time order.
 */
function settledTimeline(view: RunView, report: RunReport): Pick<RunView, 'timeline' | 'timelineDropped'> {
  const others = view.timeline.filter((entry) => entry.kind !== 'change');
  const changes = report.timeline.map((transition) => ({ kind: 'change' as const, transition }));
  const merged: TimelineEntry[] = [];
  let c = 0;
  for (const entry of others) {
    while (c < changes.length && (changes[c] as TimelineEntry & { kind: 'change' }).transition.tMs < entryTime(entry)) {
      merged.push(changes[c++] as TimelineEntry);
    }
    merged.push(entry);
  }
  merged.push(...changes.slice(c));
  const excess = Math.max(0, merged.length - TIMELINE_LIMIT);
  return { timeline: merged.slice(excess), timelineDropped: view.timelineDropped + excess };
}

export function finishView(view: RunView, report: RunReport): RunView {
  const stopped = report.error === 'stopped';
  const status = stopped ? 'stopped' : report.verdict;
  return {
    ...view,
    ...settledTimeline(view, report),
    status,
    sandbox: report.sandbox,
    port: report.port,
    elapsedMs: report.durationMs,
    // The step the run was in when it ended is halted; steps it never reached stay planned.
    steps: view.steps.map((step) =>
      step.status === 'running' || step.status === 'waiting' ? { ...step, status: 'halted' } : step,
    ),
    expectations: report.expectations.map(({ id, text, ok, observed, command }) => ({
      id,
      text,
      ok,
      observed,
      command,
    })),
    counters: report.counters,
    error: stopped ? null : report.error,
    hints: report.hints,
    hintsShown: 1,
    series: report.series ?? view.series,
    report,
  };
}

/** A run that could not even start (the lab failed to load…). */
export function failedView(view: RunView, message: string): RunView {
  return { ...view, status: 'error', error: message };
}

/** A plan's words in the language now on screen: step titles by index, expectation texts by id. */
export interface Wording {
  titles: readonly string[];
  texts: ReadonlyMap<string, string>;
  /** Each step's question, if it asks one. */
  questions: ReadonlyArray<PredictionView | null>;
}

/**
 * The view with its step titles and expectation texts in another wording of the same plan
 * (after a language switch). What the kernel showed, hints and errors are the run's own.
 */
export function reword(view: RunView, wording: Wording): RunView {
  const title = (index: number, old: string) => wording.titles[index] ?? old;
  return {
    ...view,
    steps: view.steps.map((step) => ({ ...step, title: title(step.index, step.title) })),
    timeline: view.timeline.map((entry) =>
      entry.kind === 'step' ? { ...entry, title: title(entry.index, entry.title) } : entry,
    ),
    expectations: view.expectations.map((e) => ({ ...e, text: wording.texts.get(e.id) ?? e.text })),
  };
}
