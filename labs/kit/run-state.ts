// The state one run accumulates, shared by its parts (resources, context, choreography,
// report): the clock, what happened, and whether the run is still on.

import type { Counters } from '../../checker/counters.ts';
import type { ExpectationResult } from '../../checker/expect.ts';
import { type DropRule, droppedOnArrival } from '../../checker/nft-rules.ts';
import type { Packet } from '../../checker/packets.ts';
import type { ChartSpec } from '../../checker/series.ts';
import type { Snapshot, Transition } from '../../checker/timeline.ts';
import type { RunEvent, RunReport, StepRecord } from '../../checker/verdict.ts';
import { LabError } from './errors.ts';
import type { Side } from './lab.ts';
import type { PredictionOutcome, PredictionView } from './predict.ts';
import type { LabProcess } from './process.ts';
import type { SandboxMode } from './sandbox.ts';

export type LabEvent =
  | {
      type: 'started';
      lab: string;
      mode: 'demo' | 'check';
      sandbox: SandboxMode;
      port: number;
      fast: boolean;
      /** Role → side, for drawing each program's lines and sockets in its column. */
      sides: Record<string, Side>;
      /** Why the timeline is the poll's alone (no capture here), once; null with a capture. */
      pollOnly: string | null;
      /** The lab's chart: count sockets in this state over the run. */
      chart: ChartSpec | null;
    }
  | { type: 'step'; index: number; title: string; status: 'waiting' | 'running' | 'done' | 'skipped' }
  | { type: 'sample'; snapshot: Snapshot; transitions: Transition[] }
  | { type: 'event'; event: RunEvent }
  | { type: 'expectation'; result: ExpectationResult }
  | { type: 'counters'; counters: Counters }
  | { type: 'packet'; packet: Packet }
  | { type: 'prediction'; outcome: PredictionOutcome }
  | { type: 'finished'; report: RunReport };

/** An nft table the lab loaded: its drop rules and when they were in force. */
export interface NftTable {
  name: string;
  rules: DropRule[];
  fromMs: number;
  untilMs: number | null;
}

/** The run was stopped (signal) or is over; not a failure of the lab. */
export class StoppedError extends LabError {}

export class RunState {
  readonly started = performance.now();
  /** Wall-clock time of the start, to put tcpdump's timestamps on the run's clock. */
  readonly startEpochMs = Date.now();
  readonly results: ExpectationResult[] = [];
  readonly events: RunEvent[] = [];
  readonly steps: StepRecord[] = [];
  readonly processes: LabProcess[] = [];
  readonly marks = new Map<string, Counters>();
  readonly packets: Packet[] = [];
  readonly nftTables: NftTable[] = [];
  /** The guesses made at step gates, by step index, and how each turned out. */
  readonly guesses = new Map<number, { view: PredictionView; guess: string }>();
  readonly predictions: PredictionOutcome[] = [];
  /** Time spent held by step mode, which does not count against the lab's time limit. */
  gateWaitMs = 0;
  gateOpenSince: number | null = null;
  finished = false;
  /**
   * How much slower than a typical machine this one starts a program (≥ 1): waits for a
   * program to listen, print or exit, and the lab's time limit, are this much longer. They
   * only catch hangs; what the kernel must show is never given longer.
   */
  patience = 1;
  /** When observation stopped (sampler and capture), before the sandbox was torn down. */
  observedUntilMs: number | null = null;
  private readonly stopper = new AbortController();
  readonly signal: AbortSignal;
  /** Rejects once the run is stopped; race it against anything that may wait long. */
  readonly stopped: Promise<never>;

  constructor(
    readonly emit: (event: LabEvent) => void,
    outer?: AbortSignal,
  ) {
    this.signal = outer ? AbortSignal.any([outer, this.stopper.signal]) : this.stopper.signal;
    this.stopped = new Promise<never>((_, reject) => {
      const fail = () => reject(new StoppedError('stopped'));
      if (this.signal.aborted) fail();
      this.signal.addEventListener('abort', fail);
    });
    this.stopped.catch(() => {});
  }

  clock = (): number => performance.now() - this.started;

  record(source: string, text: string): void {
    const event = { tMs: Math.round(this.clock()), source, text };
    this.events.push(event);
    this.emit({ type: 'event', event });
  }

  /** Throws once the run is stopped or over: nothing new may start then. */
  guard = (): void => {
    if (this.finished) throw new StoppedError('the run is over');
    if (this.signal.aborted) throw new StoppedError('stopped');
  };

  /** The run is over: every wait ends, nothing new starts. */
  finish(): void {
    this.finished = true;
    this.stopper.abort();
  }

  /** A wait that only catches hangs, stretched by the machine's patience (to 0.1 s). */
  patient = (ms: number): number => Math.round((ms * this.patience) / 100) * 100;

  /** Did the lab's nft rules drop this captured segment before its receiver saw it? */
  dropped = (packet: Packet): boolean =>
    this.nftTables.some(
      (table) =>
        packet.tMs >= table.fromMs &&
        (table.untilMs === null || packet.tMs < table.untilMs) &&
        droppedOnArrival(table.rules, packet),
    );

  /** Resolves after `ms`, or early when the run stops. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
