// What a lab is: a definition (who it is, what it needs, which programs play which role)
// plus a choreography that drives those programs and states what the kernel must show.

import type { Expectation, ExpectationResult } from '../../checker/expect.ts';
import type { Packet } from '../../checker/packets.ts';
import type { Classify } from '../../checker/timeline.ts';
import type { LabProcess } from './process.ts';
import type { RunResult } from './sandbox.ts';

export type Topic = 'teardown' | 'handshake' | 'timers' | 'tuning';

export const TOPIC_TITLES: Record<Topic, string> = {
  teardown: 'Teardown',
  handshake: 'Handshake and queues',
  timers: 'Timers',
  tuning: 'Tuning',
};

export interface LabNeeds {
  /** Set inside the sandbox before anything starts (net.* sysctls are per namespace). */
  sysctls?: Record<string, string | number>;
  /** Drops or holds packets with nftables rules inside the sandbox. */
  nft?: boolean;
  /** Captures packets with tcpdump inside the sandbox. */
  tcpdump?: boolean;
  /** Other programs the lab runs (e.g. curl), found on PATH or in /usr/sbin. */
  tools?: string[];
}

export interface Exercise {
  /** The role the learner's file replaces. */
  role: string;
  /** What the learner's program must do, in one sentence. */
  goal: string;
  /** Shown when the check fails. */
  hints: string[];
}

export interface StartOptions {
  /** A program file in the lab's folder other than the role's default. */
  program?: string;
  env?: Record<string, string>;
  args?: string[];
}

/** A tcpdump running inside the sandbox (see LabContext.capture). */
export interface Capture {
  /** Segments seen so far, in order. */
  readonly packets: readonly Packet[];
  /** Resolves with the first segment (seen so far or to come) that matches, or null on timeout. */
  waitFor(match: (packet: Packet) => boolean, timeoutMs?: number): Promise<Packet | null>;
  /** Stop capturing; resolves once tcpdump has flushed and exited. */
  stop(): Promise<void>;
}

export interface LabContext {
  readonly mode: 'demo' | 'check';
  readonly fast: boolean;
  /** The lab's port: its nominal port in a namespace, a free one on the host. */
  readonly port: number;
  readonly signal: AbortSignal;
  /** A teaching pause of `ms` at full speed, shortened in fast mode. */
  scale(ms: number): number;
  /** A named step of the choreography; step mode pauses before each one. */
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  start(role: string, options?: StartOptions): LabProcess;
  /** Wait until a LISTEN socket covering 127.0.0.1:port exists; explain why not otherwise. */
  waitListening(process: LabProcess, port?: number, timeoutMs?: number): Promise<void>;
  /** Wait for a program to print a line; fails the run with a clear error on timeout. */
  waitOutput(process: LabProcess, pattern: RegExp, timeoutMs?: number): Promise<string>;
  waitExit(process: LabProcess, timeoutMs?: number): Promise<void>;
  pause(ms: number): Promise<void>;
  expect(expectation: Expectation): Promise<ExpectationResult>;
  /** A line in the timeline from the choreography itself ("client sent FIN"). */
  note(text: string): void;
  /** Remember the counters now, for expectations that count `since` this mark. */
  mark(name: string): Promise<void>;
  sysctl(name: string, value: string | number): Promise<void>;
  /** Run a command inside the sandbox (nft, ip, …). Throws with its stderr when it fails. */
  sh(argv: readonly string[]): Promise<RunResult>;
  /** Load nftables rules inside the sandbox; returns a function that removes them. */
  nft(ruleset: string): Promise<() => Promise<void>>;
  /** Start tcpdump on the sandbox's loopback (needs.tcpdump); resolves once it listens. */
  capture(filter?: readonly string[]): Promise<Capture>;
  elapsed(): number;
}

export interface LabDefinition {
  id: string;
  title: string;
  topic: Topic;
  /** The seed document it mirrors, e.g. "001". */
  seed: string;
  /** One sentence: what the learner sees the kernel do. */
  summary: string;
  needs: LabNeeds;
  /** The lab's well-known port (8818 is the seed's). */
  port: number;
  /** Role → program file in the lab's folder. */
  programs: Record<string, string>;
  exercise?: Exercise;
  /** Overrides the server/client/listener classification by port. */
  classify?: (port: number) => Classify;
  /** Give up after this long (the kernel timers a lab waits on decide it). */
  timeoutMs?: number;
  /**
   * The shortest a fast-mode run can take, set by the kernel timers it waits on (e.g. three
   * SYN retransmissions 1 + 2 s apart): `npm run bench` prints time to verdict next to it.
   */
  floorMs?: number;
  run(ctx: LabContext): Promise<void>;
}

/** A lab as loaded from disk: its definition plus where its files live. */
export interface Lab extends LabDefinition {
  dir: string;
}

export function defineLab(definition: LabDefinition): LabDefinition {
  return definition;
}
