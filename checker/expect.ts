// Declarative expectations. Each one knows the command a learner can type to see the same
// thing, and how to judge one observation; `evaluate.ts` retries it until it holds or its
// time runs out, the way a lab platform re-runs a check.

import type { Counters } from './counters.ts';
import { counterCommand } from './counters.ts';
import type { Packet } from './packets.ts';
import { formatEndpoint, type SocketRow, SS_STATE_FILTER, type TcpState } from './socket.ts';
import type { Snapshot } from './timeline.ts';
import { words } from './words.ts';

export type Op = '==' | '>=' | '<=' | '>' | '<';
export type SocketSide = 'server' | 'client' | 'listener';

/** What an expectation may look at while it is judged. */
export interface ObserveEnv {
  /** Run `ss` (inside the lab's sandbox) with exactly these arguments. */
  ss(argv: readonly string[], impliedState?: TcpState): Promise<SocketRow[]>;
  /** Counter deltas since the run's baseline (or since `mark` when given). */
  counterDeltas(mark?: string): Promise<Counters>;
  /** Lines a program has printed so far. */
  output(role: string): readonly string[];
  /** The sampler's latest snapshot, to explain a failure. */
  latest(): Snapshot | null;
  /** Run a command inside the sandbox; throws with its stderr when it fails. */
  run(argv: readonly string[]): Promise<{ stdout: string; stderr: string }>;
  /** A sysctl as the sandbox reads it, or null when this kernel does not have it. */
  readSysctl(name: string): Promise<string | null>;
  /** The segments tcpdump captured so far (empty without a capture). */
  packets(): readonly Packet[];
}

export interface Attempt {
  ok: boolean;
  observed: string;
}

export interface Expectation {
  id: string;
  text: string;
  /** The command that shows the same thing by hand (null when nothing to type, e.g. output). */
  command: readonly string[] | null;
  /** How long to keep retrying, in ms; 0 means judge once. */
  within: number;
  /** What to tell a learner whose program made this fail (a check shows it with what was seen). */
  hint?: string;
  /** What it asserts, in a word or two ("CLOSE-WAIT", "0"): the answer to a step's prediction. */
  answer?: string;
  attempt(env: ObserveEnv): Promise<Attempt>;
}

export interface ExpectationResult {
  id: string;
  text: string;
  ok: boolean;
  observed: string;
  command: string | null;
  /** When the expectation was settled, ms since the run started. */
  tMs: number;
  hint?: string;
}

export function compare(value: number, op: Op, n: number): boolean {
  switch (op) {
    case '==':
      return value === n;
    case '>=':
      return value >= n;
    case '<=':
      return value <= n;
    case '>':
      return value > n;
    case '<':
      return value < n;
  }
}

/** "at least", "exactly"… in the learner's language. */
export function opWords(op: Op): string {
  return words(`op.${op}` as 'op.==');
}

export function withinText(ms: number): string {
  if (ms <= 0) return '';
  return ms % 1000 === 0 ? words('within.s', { n: ms / 1000 }) : words('within.ms', { n: ms });
}

export function sideWord(side: SocketSide): string {
  return words(`side.${side}`);
}

/** `ss` arguments selecting one side of the lab's port, optionally in given states. */
export function ssSideArgs(side: SocketSide, port: number, states: readonly TcpState[] = []): string[] {
  const argv = ['ss', '-Htanop'];
  for (const state of states) argv.push('state', SS_STATE_FILTER[state]);
  if (side === 'listener') return ['ss', '-Hltnp', `sport = :${port}`];
  argv.push(`${side === 'server' ? 'sport' : 'dport'} = :${port}`);
  return argv;
}

/** Rows of one side; `ss` cannot tell a server socket from a listener by port alone. */
export function sideRows(rows: readonly SocketRow[], side: SocketSide, port: number): SocketRow[] {
  return rows.filter((row) => {
    if (side === 'listener') return row.state === 'LISTEN' && row.local.port === port;
    if (row.state === 'LISTEN') return false;
    return side === 'server' ? row.local.port === port : row.peer.port === port;
  });
}

export function describeRow(row: SocketRow): string {
  const who = row.processes?.length ? ` (${row.processes.map((p) => `${p.name} pid ${p.pid}`).join(', ')})` : '';
  const timer = row.timer ? ` timer ${row.timer.name} ${Math.round(row.timer.expiresMs / 100) / 10} s` : '';
  return `${row.state} ${formatEndpoint(row.local)} ⇄ ${formatEndpoint(row.peer)}${timer}${who}`;
}

/** What the sampler last saw on a side, so a failure says where the socket actually was. */
export function lastSeen(env: ObserveEnv, side: SocketSide, port: number): string {
  const snapshot = env.latest();
  if (!snapshot) return 'the sampler saw nothing yet';
  const rows = sideRows(snapshot.sockets, side, port);
  if (rows.length === 0) return `no ${side}-side socket on :${port} in the table`;
  const states = [...new Set(rows.map((row) => row.state))].join(', ');
  return `the ${side} side of :${port} is ${states}`;
}

function singleState(states: readonly TcpState[]): TcpState | undefined {
  return states.length === 1 ? states[0] : undefined;
}

export interface StateSpec {
  id: string;
  side: Exclude<SocketSide, 'listener'>;
  port: number;
  /** One state, or any of several. */
  state: TcpState | readonly TcpState[];
  within?: number;
  text?: string;
}

/** "Within 1 s the server side of :8818 is CLOSE-WAIT." */
export function expectState(spec: StateSpec): Expectation {
  const states = typeof spec.state === 'string' ? [spec.state] : [...spec.state];
  const command = ssSideArgs(spec.side, spec.port, states);
  const within = spec.within ?? 1000;
  return {
    id: spec.id,
    answer: states.join(' or '),
    text:
      spec.text ??
      words('state.is', {
        within: withinText(within),
        side: sideWord(spec.side),
        port: spec.port,
        states: states.join(words('or')),
      }),
    command,
    within,
    async attempt(env) {
      const rows = sideRows(await env.ss(command, singleState(states)), spec.side, spec.port).filter((row) =>
        states.includes(row.state),
      );
      if (rows.length > 0) return { ok: true, observed: rows.map(describeRow).join('; ') };
      return { ok: false, observed: `ss listed no such socket; ${lastSeen(env, spec.side, spec.port)}` };
    },
  };
}

export interface CountSpec {
  id: string;
  side: Exclude<SocketSide, 'listener'>;
  port: number;
  state: TcpState;
  op: Op;
  n: number;
  within?: number;
  text?: string;
}

/** "No server-side socket on :8818 is CLOSE-WAIT", "at least 20 are SYN-RECV". */
export function expectCount(spec: CountSpec): Expectation {
  const command = ssSideArgs(spec.side, spec.port, [spec.state]);
  const within = spec.within ?? 1000;
  const amount = `${opWords(spec.op)} ${spec.n}`;
  const form =
    spec.op === '==' && spec.n === 0 ? 'count.none' : spec.n === 1 && spec.op === '==' ? 'count.one' : 'count.many';
  return {
    id: spec.id,
    answer: spec.op === '==' ? String(spec.n) : amount,
    text:
      spec.text ??
      words(form, {
        within: withinText(within),
        amount,
        side: sideWord(spec.side),
        port: spec.port,
        state: spec.state,
      }),
    command,
    within,
    async attempt(env) {
      const rows = sideRows(await env.ss(command, spec.state), spec.side, spec.port).filter(
        (row) => row.state === spec.state,
      );
      const ok = compare(rows.length, spec.op, spec.n);
      const sample = rows.slice(0, 3).map(describeRow).join('; ');
      const more = rows.length > 3 ? `; +${rows.length - 3} more` : '';
      return { ok, observed: `${rows.length} ${spec.state}${rows.length ? `: ${sample}${more}` : ''}` };
    },
  };
}

export interface CounterSpec {
  id: string;
  /** nstat spelling, e.g. TcpExtListenOverflows. */
  name: string;
  op: Op;
  n: number;
  /** Count from this mark instead of the run's start. */
  since?: string;
  within?: number;
  text?: string;
}

/** "TcpExtSyncookiesSent grew by at least 1." */
export function expectCounter(spec: CounterSpec): Expectation {
  const within = spec.within ?? 1000;
  return {
    id: spec.id,
    answer: spec.op === '==' ? String(spec.n) : `${opWords(spec.op)} ${spec.n}`,
    text:
      spec.text ??
      words('counter.grew', { within: withinText(within), name: spec.name, op: opWords(spec.op), n: spec.n }),
    command: counterCommand(spec.name),
    within,
    async attempt(env) {
      const delta = (await env.counterDeltas(spec.since))[spec.name] ?? 0;
      return { ok: compare(delta, spec.op, spec.n), observed: `${spec.name} +${delta}` };
    },
  };
}

export interface ListenerQueueSpec {
  id: string;
  port: number;
  recvQ?: readonly [Op, number];
  sendQ?: readonly [Op, number];
  within?: number;
  text?: string;
}

/** On a listener, Recv-Q is the accept queue's length and Send-Q its limit. */
export function expectListenerQueue(spec: ListenerQueueSpec): Expectation {
  const command = ssSideArgs('listener', spec.port);
  const within = spec.within ?? 1000;
  const parts: string[] = [];
  if (spec.recvQ) parts.push(`Recv-Q ${spec.recvQ[0]} ${spec.recvQ[1]}`);
  if (spec.sendQ) parts.push(`Send-Q ${spec.sendQ[0]} ${spec.sendQ[1]}`);
  return {
    id: spec.id,
    text:
      spec.text ??
      words('queue.shows', { within: withinText(within), port: spec.port, parts: parts.join(words('and')) }),
    command,
    within,
    async attempt(env) {
      const [row] = sideRows(await env.ss(command, 'LISTEN'), 'listener', spec.port);
      if (!row) return { ok: false, observed: `no listener on :${spec.port}` };
      const ok =
        (!spec.recvQ || compare(row.recvQ, spec.recvQ[0], spec.recvQ[1])) &&
        (!spec.sendQ || compare(row.sendQ, spec.sendQ[0], spec.sendQ[1]));
      return { ok, observed: `LISTEN Recv-Q ${row.recvQ} Send-Q ${row.sendQ}` };
    },
  };
}

export interface DurationSpec {
  id: string;
  /** What was timed, e.g. "the legitimate client's connect()". */
  label: string;
  /** Reads the measured value when judged (null if it has not happened yet). */
  measure: (env: ObserveEnv) => number | null;
  /** Bounds with the tolerance already applied. */
  minMs?: number;
  maxMs?: number;
  within?: number;
  text?: string;
}

/** "connect() took at least 900 ms" — a measured time, judged against bounds. */
export function expectDuration(spec: DurationSpec): Expectation {
  const form =
    spec.minMs !== undefined && spec.maxMs !== undefined
      ? 'duration.between'
      : spec.minMs !== undefined
        ? 'duration.atLeast'
        : 'duration.atMost';
  const within = spec.within ?? 0;
  return {
    id: spec.id,
    text:
      spec.text ??
      words(form, { within: withinText(within), label: spec.label, min: spec.minMs ?? 0, max: spec.maxMs ?? 0 }),
    command: null,
    within,
    async attempt(env) {
      const value = spec.measure(env);
      if (value === null) return { ok: false, observed: `${spec.label} has not finished` };
      const ok = (spec.minMs === undefined || value >= spec.minMs) && (spec.maxMs === undefined || value <= spec.maxMs);
      return { ok, observed: `${spec.label} took ${Math.round(value)} ms` };
    },
  };
}

export interface OutputSpec {
  id: string;
  role: string;
  pattern: RegExp;
  within?: number;
  text?: string;
}

/** A program reported something only it can know (bytes it read, an error it got). */
export function expectOutput(spec: OutputSpec): Expectation {
  const within = spec.within ?? 1000;
  return {
    id: spec.id,
    text:
      spec.text ??
      words('output.prints', { within: withinText(within), role: spec.role, pattern: String(spec.pattern) }),
    command: null,
    within,
    async attempt(env) {
      const lines = env.output(spec.role);
      const line = lines.find((candidate) => spec.pattern.test(candidate));
      if (line) return { ok: true, observed: line.startsWith(`${spec.role}:`) ? line : `${spec.role}: ${line}` };
      const last = lines.at(-1);
      return { ok: false, observed: last ? `${spec.role} last printed: ${last}` : `${spec.role} printed nothing` };
    },
  };
}
