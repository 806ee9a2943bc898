// What a lab is: a definition (who it is, what it needs, which programs play which side)
// plus a plan: ordered steps, each a list of actions and expectations, known before anything
// runs. `tcplabs show` prints the plan; the runner plays it.

import type { Expectation, ExpectationResult } from '../../checker/expect.ts';
import type { Packet } from '../../checker/packets.ts';
import type { TcpState } from '../../checker/socket.ts';
import type { Classify } from '../../checker/timeline.ts';
import type { Bound } from './bound.ts';
import type { InterviewQuestion } from './interview.ts';
import type { LabProcess } from './process.ts';
import type { RunResult } from './sandbox.ts';

export type Topic = 'teardown' | 'handshake' | 'timers' | 'tuning';

export const TOPIC_TITLES: Record<Topic, string> = {
  teardown: 'Teardown',
  handshake: 'Handshake and queues',
  timers: 'Timers',
  tuning: 'Tuning',
};

/**
 * Which end of the story a program plays. Clients and attackers dial (drawn on the left),
 * servers listen (on the right), observers only look or configure (drawn in the middle).
 */
export type Side = 'client' | 'server' | 'attacker' | 'observer';

export interface Program {
  /** The file, relative to the lab's folder. */
  file: string;
  side: Side;
}

export interface LabNeeds {
  /** Set inside the sandbox before anything starts (net.* sysctls are per namespace). */
  sysctls?: Record<string, string | number>;
  /** Drops or holds packets with nftables rules inside the sandbox. */
  nft?: boolean;
  /** Judges what tcpdump captured (every lab is captured when tcpdump is there). */
  tcpdump?: boolean;
  /** Other programs the lab runs (e.g. curl), found on PATH or in /usr/sbin. */
  tools?: string[];
}

/** What a plan is built from: known before the run, so `show` can build it too. */
export interface PlanInput {
  readonly mode: 'demo' | 'check';
  readonly fast: boolean;
  /** The lab's port: its nominal port in a namespace, a free one on the host. */
  readonly port: number;
  /** A teaching pause of `ms` at full speed, shortened tenfold in fast mode. */
  scale(ms: number): number;
  /** Expectation builders bound to this lab's port and sides. */
  readonly the: Bound;
  /** In check mode, the exercise being checked. */
  readonly exercise: Exercise | null;
}

/** A program the learner writes: their file takes one role, the kit plays the rest and judges. */
export interface Exercise {
  /** Stable: `--exercise <id>` picks it when a lab has several; the progress file keys on it. */
  id: string;
  /** The role the learner's file replaces (`--server FILE` or `--client FILE`). */
  role: string;
  /** What the learner's program must do, in one sentence. */
  goal: string;
  /** Shown when the check fails, after the hint of the first expectation that failed. */
  hints: string[];
  /** The faulty program `tcplabs exercise` hands out, in the lab's folder (the task in a comment). */
  starter?: string;
  /** A reference solution, in the lab's folder: shown after a pass, and tested to pass. */
  solution?: string;
  /** The LESSON.md heading whose section explains why the fix works. */
  why?: string;
  /** The choreography that judges the learner's program (the demo's plan when absent). */
  plan?: (input: PlanInput) => Step[];
}

/**
 * A question a step asks before it runs ("after the client's FIN, what state is the server's
 * socket in?"). Its answer is never typed twice: it is what the named expectation of the
 * step asserts, and the run shows whether the kernel agreed.
 */
export interface Prediction {
  question: string;
  /** The id of an expectation of this step: its `answer` is the right choice. */
  expectation: string;
  /** What the learner chooses from; the expectation's answer is among them. */
  choices: string[];
}

export interface Step {
  title: string;
  actions: Action[];
  /** Run the step only when this holds on the running kernel; otherwise say why and skip. */
  when?: Condition;
  /** What the instructor says while it runs. */
  say?: string;
  predict?: Prediction;
  hints?: string[];
}

export interface Condition {
  /** Shown in the plan: "on kernels with net.ipv4.tcp_syn_linear_timeouts". */
  text: string;
  holds(ctx: LabContext): Promise<boolean>;
}

export type ActionKind = 'start' | 'wait' | 'signal' | 'expect' | 'nft' | 'sysctl' | 'mark' | 'note' | 'pause' | 'code';

/** One thing a step does. `describe` is what `show` prints; `run` does it. */
export interface Action {
  kind: ActionKind;
  describe: string;
  /** Set when kind is 'expect'. */
  expectation?: Expectation;
  run(ctx: LabContext): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  args?: string[];
}

/** The run's tcpdump (the kit starts it; see labs/kit/capture.ts). */
export interface Capture {
  /** false when there is no capture here (no tcpdump, or host mode): packets stays empty. */
  readonly live: boolean;
  /** Segments seen so far, in order. */
  readonly packets: readonly Packet[];
  /** Resolves once `ready()` holds for what was captured so far, or false on timeout. */
  until(ready: (packets: readonly Packet[]) => boolean, timeoutMs: number): Promise<boolean>;
}

/** What a step's actions can do while the run is on. Everything it starts, the run ends. */
export interface LabContext {
  readonly mode: 'demo' | 'check';
  readonly fast: boolean;
  readonly port: number;
  readonly signal: AbortSignal;
  readonly capture: Capture;
  /** A folder of this run's own (also TCPLABS_RUN_DIR in every program's environment), removed with the run. */
  readonly runDir: string;
  scale(ms: number): number;
  /** Start the program of a role; a role runs once at a time (start it again after it exits). */
  start(role: string, options?: StartOptions): LabProcess;
  /** The last process started for a role. */
  proc(role: string): LabProcess;
  /** Wait until a LISTEN socket covering 127.0.0.1:port exists; explain why not otherwise. */
  waitListening(process: LabProcess, port?: number, timeoutMs?: number): Promise<void>;
  /** Wait for a program to print a line; fails the run with a clear error on timeout. */
  waitOutput(process: LabProcess, pattern: RegExp, timeoutMs?: number): Promise<string>;
  waitExit(process: LabProcess, timeoutMs?: number): Promise<void>;
  /** Wait until the capture shows something; fails the run saying what was missing. */
  waitCapture(what: string, ready: (packets: readonly Packet[]) => boolean, timeoutMs: number): Promise<void>;
  pause(ms: number): Promise<void>;
  expect(expectation: Expectation): Promise<ExpectationResult>;
  /** A line in the timeline from the choreography itself ("client sent FIN"). */
  note(text: string): void;
  /** Remember the counters now, for expectations that count `since` this mark. */
  mark(name: string): Promise<void>;
  sysctl(name: string, value: string | number): Promise<void>;
  /** A sysctl as the sandbox reads it, or null when this kernel does not have it. */
  readSysctl(name: string): Promise<string | null>;
  /** Run a command inside the sandbox (nft, ip, …). Throws with its stderr when it fails. */
  sh(argv: readonly string[]): Promise<RunResult>;
  /** Load nftables rules inside the sandbox as a named table; `dropNft(name)` removes them. */
  nft(name: string, ruleset: string): Promise<void>;
  dropNft(name: string): Promise<void>;
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
  /** Role → program. Every role a plan starts is named here, with its side. */
  programs: Record<string, Program>;
  /** Programs the learner can write; the first is the one `check` picks by default. */
  exercises?: Exercise[];
  /** Interview questions this lab's run settles (labs/<id>/interview.ts). */
  interview?: InterviewQuestion[];
  /** Overrides the server/client/listener classification of sockets by port. */
  classify?: (port: number) => Classify;
  /**
   * Count sockets in this state over the run (of this role, if given; only on the run's own
   * port with onLabPort, when a second server shares the sandbox): a chart in the TUI,
   * `series` in JSON.
   */
  chart?: { state: TcpState; role?: string; onLabPort?: boolean };
  /** Give up after this long (the kernel timers a lab waits on decide it). */
  timeoutMs?: number;
  /**
   * The shortest a fast-mode run can take, set by the kernel timers it waits on (e.g. three
   * SYN retransmissions 1 + 2 s apart): `npm run bench` prints time to verdict next to it.
   */
  floorMs?: number;
  plan(input: PlanInput): Step[];
}

/** A lab as loaded from disk: its definition plus where its files live. */
export interface Lab extends LabDefinition {
  dir: string;
}

export function defineLab(definition: LabDefinition): LabDefinition {
  return definition;
}

/** The exercise `--exercise id` names, or the lab's first; null when it has none (or no such id). */
export function exerciseOf(lab: Pick<LabDefinition, 'exercises'>, id?: string): Exercise | null {
  const all = lab.exercises ?? [];
  return (id === undefined ? all[0] : all.find((exercise) => exercise.id === id)) ?? null;
}

/** The side of a role: a program's declared side, or the socket classes the checker uses. */
export function sideOf(lab: Pick<LabDefinition, 'programs'>, role: string): Side {
  const program = lab.programs[role];
  if (program) return program.side;
  if (role === 'client' || role === 'attacker' || role === 'observer') return role;
  return role === 'lab' ? 'observer' : 'server';
}

/** Role → side for every program and socket class, as the UI draws them. */
export function sidesOf(lab: Pick<LabDefinition, 'programs'>): Record<string, Side> {
  const sides: Record<string, Side> = { listener: 'server', server: 'server', client: 'client', lab: 'observer' };
  for (const [role, program] of Object.entries(lab.programs)) sides[role] = program.side;
  return sides;
}

/** Roles that run one program on one side: `playing('client', 'client.ts', 'client', 'late client')`. */
export function playing(side: Side, file: string, ...roles: string[]): Record<string, Program> {
  return Object.fromEntries(roles.map((role) => [role, { file, side }]));
}
