// The sampler: reads the socket table at a fixed rate (20 Hz by default), keeps the latest
// snapshot and the timeline of transitions, and tells listeners about both.

import type { SocketRow, TcpState } from './socket.ts';
import { type Classify, diffSnapshots, observe, type Snapshot, type Transition } from './timeline.ts';

export interface SamplerOptions {
  /**
   * Reads the current table; the lab runner passes a reader for the sandbox's /proc.
   * `thorough` is false on periodic ticks, where a reader may skip work it can afford to do
   * less often; explicit `sample()` calls (before a judgement) pass true.
   */
  read: (thorough: boolean) => Promise<SocketRow[]> | SocketRow[];
  classify: Classify;
  /** Which sockets belong to the run (the sandbox has only the lab's; the host has many). */
  keep?: (row: SocketRow) => boolean;
  hz?: number;
  /** Milliseconds since the run started, so every figure shares one clock. */
  clock: () => number;
  onSnapshot?: (snapshot: Snapshot, transitions: Transition[]) => void;
}

/** A run of consecutive snapshots that showed one side in one state. */
export interface Sighting {
  state: TcpState;
  /** When the first and the last of those snapshots were read (read start, read end). */
  first: readonly [number, number];
  last: readonly [number, number];
}

export class Sampler {
  readonly timeline: Transition[] = [];
  /** Side (`local>peer`) → what the snapshots showed it in, in order. */
  readonly sightings = new Map<string, Sighting[]>();
  /** When each snapshot was read (read start, read end): a side in none of them was absent. */
  readonly reads: Array<readonly [number, number]> = [];
  latest: Snapshot | null = null;
  samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly options: SamplerOptions;

  constructor(options: SamplerOptions) {
    this.options = options;
  }

  start(): void {
    if (this.timer) return;
    const period = 1000 / (this.options.hz ?? 20);
    void this.sample();
    this.timer = setInterval(() => void this.sample(false), period);
  }

  /** Take one sample now (also used to get a fresh view before a verdict). */
  async sample(thorough = true): Promise<Snapshot | null> {
    if (this.busy) return this.latest;
    this.busy = true;
    try {
      const readStart = this.options.clock();
      const rows = await this.options.read(thorough);
      const keep = this.options.keep;
      const kept = keep ? rows.filter(keep) : rows;
      const snapshot: Snapshot = { tMs: this.options.clock(), sockets: observe(kept, this.options.classify) };
      const transitions = diffSnapshots(this.latest, snapshot);
      this.latest = snapshot;
      this.samples++;
      this.timeline.push(...transitions);
      this.sight(snapshot, readStart);
      this.options.onSnapshot?.(snapshot, transitions);
      return snapshot;
    } catch {
      // The table can vanish mid-read when the sandbox is torn down; the next tick retries.
      return this.latest;
    } finally {
      this.busy = false;
    }
  }

  private sight(snapshot: Snapshot, readStart: number): void {
    const read = [readStart, snapshot.tMs] as const;
    this.reads.push(read);
    for (const socket of snapshot.sockets) {
      const runs = this.sightings.get(socket.side);
      const current = runs?.at(-1);
      if (current && current.state === socket.state) current.last = read;
      else if (runs) runs.push({ state: socket.state, first: read, last: read });
      else this.sightings.set(socket.side, [{ state: socket.state, first: read, last: read }]);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
