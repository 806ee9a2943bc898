// Running a lab: check what it needs, open its resources (sandbox, sampler, capture), build
// the context, play its plan, and build the report in one place. Everything the run opened
// is closed whatever ends it. Emits events as it goes so the CLI and the TUI can show the
// run live; returns the verdict report.

import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { counterDeltas } from '../../checker/counters.ts';
import { type Reconciled, reconcile } from '../../checker/reconcile.ts';
import type { RunReport } from '../../checker/verdict.ts';
import { availability } from './availability.ts';
import { bindExpectations } from './bound.ts';
import { makeContext, observeEnv, scaleFor } from './context.ts';
import { isLabError, LabError } from './errors.ts';
import { type Exercise, exerciseOf, type Lab, type PlanInput, type Step, sidesOf } from './lab.ts';
import { validateLearnerFile } from './learner.ts';
import { playPlan, type StepGate } from './play.ts';
import { exerciseIds } from './registry.ts';
import { buildReport } from './report.ts';
import { openResources, type RunResources } from './resources.ts';
import { type LabEvent, RunState, StoppedError } from './run-state.ts';
import { chooseSandbox, type SandboxMode } from './sandbox.ts';
import { findTool, installHint } from './tools.ts';
import { kitWords } from './words.ts';

export { LISTEN_TIMEOUT_MS } from './listening.ts';
export type { LabEvent } from './run-state.ts';

export interface RunOptions {
  mode?: 'demo' | 'check';
  /** Shrink teaching pauses tenfold (3 s → 0.3 s); kernel timers are never faked. */
  fast?: boolean;
  /** The learner's program, for check mode. */
  learnerFile?: string;
  /** Which of the lab's exercises to check (its first for `learnerRole` when absent). */
  exercise?: string;
  /** The role the learner's file plays (`--server`, `--client`). */
  learnerRole?: string;
  /** Force a sandbox mode instead of the strongest available. */
  sandbox?: SandboxMode;
  signal?: AbortSignal;
  onEvent?: (event: LabEvent) => void;
  /** Step mode: resolves when the next step may start. */
  stepGate?: StepGate;
  hz?: number;
  /** Capture with tcpdump where it can (default true); labs that judge the capture always do. */
  capture?: boolean;
  /** Write the run's capture here (pcap, for Wireshark). */
  pcapFile?: string;
  /** Hands over the run's raw capture (pcap) at the end, e.g. for the TUI's `w`. */
  keepPcap?: (pcap: Buffer) => void;
}

/** The steps a lab plays in a mode: the exercise's own plan in check mode, if it has one. */
export function planOf(lab: Lab, input: PlanInput): Step[] {
  if (input.mode === 'check' && input.exercise?.plan) return input.exercise.plan(input);
  return lab.plan(input);
}

export function planInput(
  lab: Lab,
  mode: 'demo' | 'check',
  fast: boolean,
  port = lab.port,
  exercise: Exercise | null = mode === 'check' ? exerciseOf(lab) : null,
): PlanInput {
  return { mode, fast, port, scale: scaleFor(fast), the: bindExpectations(port), exercise };
}

/** The exercise a check is for, or a one-line error naming the ones there are. */
async function chosenExercise(lab: Lab, id: string | undefined, role: string | undefined): Promise<Exercise> {
  const all = lab.exercises ?? [];
  if (all.length === 0) {
    throw new LabError(kitWords('lab.noExercise', { lab: lab.id, labs: (await exerciseIds()).join(', ') }));
  }
  const exercise = id !== undefined ? exerciseOf(lab, id) : role ? all.find((e) => e.role === role) : all[0];
  const listed = all.map((e) => `${e.id} (--${e.role})`).join(', ');
  if (!exercise) {
    const params = { lab: lab.id, id: id ?? '', role: role ?? '', listed };
    throw new LabError(kitWords(id !== undefined ? 'lab.noSuchExercise' : 'lab.noExerciseForRole', params));
  }
  if (role && exercise.role !== role) {
    throw new LabError(kitWords('lab.exerciseRole', { id: exercise.id, lab: lab.id, role: exercise.role }));
  }
  return exercise;
}

interface Prepared {
  sandbox: SandboxMode;
  learnerFile: string | null;
  exercise: Exercise | null;
}

/** What must hold before anything opens; a one-line error otherwise. */
async function prepare(lab: Lab, options: RunOptions): Promise<Prepared> {
  const mode = options.mode ?? 'demo';
  const exercise = mode === 'check' ? await chosenExercise(lab, options.exercise, options.learnerRole) : null;
  const learnerFile = exercise ? validateLearnerFile(options.learnerFile, exercise) : null;
  const choice = options.sandbox ? { mode: options.sandbox } : await chooseSandbox();
  const can = availability(lab.needs, choice);
  if (!can.available) throw new LabError(kitWords('lab.cannotRun', { lab: lab.id, why: can.why ?? '' }));
  if (!findTool('ss')) throw new LabError(kitWords('tool.missing', { tool: 'ss', fix: installHint('ss') }));
  if (options.pcapFile) checkPcapFile(options.pcapFile, choice.mode);
  return { sandbox: choice.mode, learnerFile, exercise };
}

function errorText(caught: unknown, options: RunOptions): string {
  if (caught instanceof StoppedError && options.signal?.aborted) return 'stopped';
  if (isLabError(caught)) return caught.message;
  return `internal error: ${caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)}`;
}

interface Opened {
  res: RunResources;
  baseline: Record<string, number>;
  prepared: Prepared;
}

async function play(lab: Lab, run: RunState, options: RunOptions, { res, baseline, prepared }: Opened) {
  const mode = options.mode ?? 'demo';
  const fast = options.fast ?? false;
  const { learnerFile, exercise } = prepared;
  const env = observeEnv(res, run, () => baseline);
  const learnerShown = options.learnerFile ?? null;
  const ctx = makeContext(res, run, { lab, mode, fast, learnerFile, learnerShown, exercise }, env);
  const steps = planOf(lab, planInput(lab, mode, fast, res.port, exercise));
  const pollOnly = res.capture.live ? null : captureMissing(res.sandbox.mode);
  const sides = sidesOf(lab);
  const chart = lab.chart ?? null;
  run.emit({
    type: 'started',
    lab: lab.id,
    mode,
    sandbox: res.sandbox.mode,
    port: res.port,
    fast,
    sides,
    pollOnly,
    chart,
  });
  res.sampler.start();
  await playPlan(run, ctx, steps, lab.timeoutMs ?? 60_000, options.stepGate);
  res.live.flush();
  await res.sampler.sample();
}

export async function runLab(lab: Lab, options: RunOptions = {}): Promise<RunReport> {
  const run = new RunState(options.onEvent ?? (() => {}), options.signal);
  let sandboxMode: SandboxMode = options.sandbox ?? 'host';
  let res: RunResources | null = null;
  let baseline: Record<string, number> | null = null;
  let error: string | null = null;
  let exercise: Exercise | null = null;
  try {
    const prepared = await prepare(lab, options);
    exercise = prepared.exercise;
    sandboxMode = prepared.sandbox;
    res = await openResources(lab, run, {
      mode: sandboxMode,
      hz: options.hz ?? 20,
      capture: options.capture ?? true,
      keepPcap: pcapKeeper(options),
    });
    baseline = res.readCounters();
    await play(lab, run, options, { res, baseline, prepared });
  } catch (caught) {
    error = errorText(caught, options);
  } finally {
    run.finish();
  }
  const final = res ? await res.close() : null;
  const counters = final && baseline ? counterDeltas(baseline, final) : {};
  run.emit({ type: 'counters', counters });
  const told = res ? tellTimeline(res) : { timeline: [], doubts: [] };
  const report = buildReport(run, {
    lab,
    exercise,
    mode: options.mode ?? 'demo',
    fast: options.fast ?? false,
    sandbox: sandboxMode,
    port: res?.port ?? lab.port,
    timeline: told.timeline,
    timelineDoubts: told.doubts,
    timelineSource: res?.capture.live ? 'wire+poll' : 'poll',
    counters,
    series: res?.series() ?? null,
    error,
    packetViewMissing: res && !res.capture.live ? captureMissing(sandboxMode) : null,
  });
  run.emit({ type: 'finished', report });
  return report;
}

/** --pcap FILE: its folder must exist, and there must be a capture to write. */
function checkPcapFile(file: string, mode: SandboxMode): void {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new LabError(kitWords('pcap.noFolder', { file, dir }));
  if (!findTool('tcpdump')) throw new LabError(kitWords('pcap.needsTcpdump', { fix: installHint('tcpdump') }));
  if (mode === 'host') throw new LabError(kitWords('pcap.needsNamespace'));
}

/** Where the raw capture goes at the end: a file (`--pcap`), the caller, or both. */
function pcapKeeper(options: RunOptions): ((pcap: Buffer) => void) | undefined {
  const { pcapFile, keepPcap } = options;
  if (!pcapFile && !keepPcap) return undefined;
  return (pcap) => {
    keepPcap?.(pcap);
    if (pcapFile) writeFileSync(pcapFile, pcap);
  };
}

/** The run's timeline: the wire's changes reconciled with the poll's, or the poll's alone. */
function tellTimeline(res: RunResources): Reconciled {
  if (!res.capture.live) {
    return { timeline: res.sampler.timeline.map((t) => ({ ...t, source: 'poll' as const })), doubts: [] };
  }
  const { sampler } = res;
  return reconcile(res.live.machine.changes, sampler.timeline, sampler.sightings, res.classify, sampler.reads);
}

export const POLL_ONLY =
  'sampled at 20 Hz, so short-lived states (FIN-WAIT-1, LAST-ACK…) may be missing; install tcpdump to see every transition';

function captureMissing(mode: SandboxMode): string {
  if (!findTool('tcpdump')) return `${POLL_ONLY} (${installHint('tcpdump')})`;
  return mode === 'host' ? `${POLL_ONLY.split(';')[0]}: captures need a namespace sandbox` : 'no capture';
}
