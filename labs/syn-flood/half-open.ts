// Expectations about half-open connections that the shared builders do not cover: how many
// SYN-RECV a listener holds and from how many peers (seed 001's way to spot a flood), and a
// client stuck in SYN-SENT that the kernel has already retried.

import { type Attempt, compare, describeRow, type Expectation, type Op } from '../../checker/expect.ts';
import type { SocketRow, TcpState } from '../../checker/socket.ts';
import { SYN_QUEUE_RULES, type SynQueueRule, type SynQueueSettings, synQueueCap } from './syn-queue.ts';

interface Judged {
  id: string;
  text: string;
  within?: number;
}

/** Judge the rows `command` lists in `state` that `keep` selects. */
function judgeRows(
  spec: Judged,
  command: string[],
  state: TcpState,
  keep: (row: SocketRow) => boolean,
  judge: (rows: SocketRow[]) => Attempt,
  answer?: string,
): Expectation {
  return {
    id: spec.id,
    // What the rows assert, in a word (a prediction's answer): the state, or the count.
    ...(answer ? { answer } : {}),
    text: spec.text,
    command,
    within: spec.within ?? 1000,
    attempt: async (env) => judge((await env.ss(command, state)).filter(keep)),
  };
}

export interface HalfOpenSpec extends Judged {
  port: number;
  op: Op;
  n: number;
  /** Also require at least this many distinct peer addresses. */
  minPeers?: number;
}

/** "9 SYN-RECV on :8818, from 9 different addresses." */
export function expectHalfOpen(spec: HalfOpenSpec): Expectation {
  const command = ['ss', '-Htn', 'state', 'syn-recv', `sport = :${spec.port}`];
  return judgeRows(
    spec,
    command,
    'SYN-RECV',
    (row) => row.local.port === spec.port,
    (rows) => {
      const peers = new Set(rows.map((row) => row.peer.address));
      const ok = compare(rows.length, spec.op, spec.n) && peers.size >= (spec.minPeers ?? 0);
      const sample = [...peers].slice(0, 4).join(', ');
      const from =
        rows.length > 0
          ? ` from ${peers.size} address${peers.size === 1 ? '' : 'es'} (${sample}${peers.size > 4 ? ', …' : ''})`
          : '';
      return { ok, observed: `${rows.length} SYN-RECV on :${spec.port}${from}` };
    },
  );
}

/** Exactly `n` SYN-RECV on a port, judged once unless `within` says otherwise. */
export function expectHalfOpenCount(id: string, port: number, n: number, text: string, within = 0): Expectation {
  return { ...expectHalfOpen({ id, port, op: '==', n, within, text }), answer: String(n) };
}

export interface SynQueueReading {
  /** Judges the flood and learns this kernel's rule from it. */
  expectation: Expectation;
  /** The cap the flood showed (null until the expectation held). */
  cap(): number | null;
  rule(): SynQueueRule | null;
}

/**
 * The flood settled at one of the two caps kernels have (syn-queue.ts): every SYN was either
 * queued (SYN-RECV, one per attacker address) or counted in TcpExtTCPReqQFullDrop. Which cap
 * it is tells which rule this kernel follows; later expectations expect the same number.
 */
export function expectSynQueueCap(
  spec: Judged & { port: number; syns: number; settings: SynQueueSettings; since: string },
): SynQueueReading {
  let seen: { cap: number; rule: SynQueueRule } | null = null;
  const caps = SYN_QUEUE_RULES.map((rule) => ({ rule, cap: synQueueCap(spec.settings, rule) }));
  const counted = expectHalfOpen({ ...spec, op: '>=', n: 0 });
  const expectation: Expectation = {
    ...counted,
    attempt: async (env) => {
      const rows = (await env.ss(counted.command as string[], 'SYN-RECV')).filter((r) => r.local.port === spec.port);
      const peers = new Set(rows.map((row) => row.peer.address)).size;
      const dropped = (await env.counterDeltas(spec.since)).TcpExtTCPReqQFullDrop ?? 0;
      const match = caps.find(({ cap }) => cap === rows.length);
      const settled = rows.length + dropped >= spec.syns && peers === rows.length;
      seen = match && settled ? match : null;
      const rule = match ? `: the "${match.rule}" rule` : `, neither ${caps.map((c) => c.cap).join(' nor ')}`;
      return {
        ok: seen !== null,
        observed: `${rows.length} SYN-RECV on :${spec.port} from ${peers} addresses, TcpExtTCPReqQFullDrop +${dropped}${rule}`,
      };
    },
  };
  return { expectation, cap: () => seen?.cap ?? null, rule: () => seen?.rule ?? null };
}

/** Exactly as many SYN-RECV on a port as `n()` says when judged (a cap read earlier in the run). */
export function expectHalfOpenAsBefore(
  id: string,
  port: number,
  n: () => number | null,
  text: string,
  within = 0,
): Expectation {
  const judged = (count: number) => expectHalfOpen({ id, port, op: '==', n: count, within, text });
  return {
    ...judged(-1),
    attempt: (env) => {
      const count = n();
      if (count === null) return Promise.resolve({ ok: false, observed: 'the flood never settled at a cap' });
      return judged(count).attempt(env);
    },
  };
}

export interface RetriedSynSpec extends Judged {
  port: number;
  /** The client's own address (the legitimate one, not an attacker's). */
  from: string;
  minRetrans: number;
}

/** "The client at 127.0.0.1 is still SYN-SENT after its first retransmission." */
export function expectRetriedSyn(spec: RetriedSynSpec): Expectation {
  const command = ['ss', '-Htno', 'state', 'syn-sent', `dport = :${spec.port} and src ${spec.from}`];
  return judgeRows(
    spec,
    command,
    'SYN-SENT',
    (row) => row.peer.port === spec.port && row.local.address === spec.from,
    ([row]) => {
      if (!row) return { ok: false, observed: `no SYN-SENT socket from ${spec.from} to :${spec.port}` };
      const retrans = row.timer?.retrans ?? 0;
      return { ok: retrans >= spec.minRetrans, observed: `${describeRow(row)}, SYN retransmitted ${retrans}×` };
    },
    'SYN-SENT',
  );
}
