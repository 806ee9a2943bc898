// What `ss -o` says about a socket's timer, including its third number: `timer:(on,1.2sec,1)`
// is the retransmission timer after one retransmission; `timer:(keepalive,800ms,2)` is the
// keepalive timer with two probes unanswered. The timer labs read both numbers.

import { compare, type Expectation, type Op, ssSideArgs } from './expect.ts';
import { formatEndpoint, type SocketRow, type TcpState } from './socket.ts';

/** A socket as `ss -o` prints it: state, both ends and the timer field. */
export function describeTimedRow(row: SocketRow): string {
  const timer = row.timer ? ` timer:(${row.timer.name},${row.timer.expiresMs}ms,${row.timer.retrans})` : ' no timer';
  return `${row.state} ${formatEndpoint(row.local)} ⇄ ${formatEndpoint(row.peer)}${timer}`;
}

export interface TimerCountSpec {
  id: string;
  text: string;
  side: 'server' | 'client';
  port: number;
  state: TcpState;
  /** `on` (retransmission) or `keepalive`. */
  timer: string;
  /** The third number: retransmissions so far (`on`) or probes unanswered (`keepalive`). */
  count: readonly [Op, number];
  /** The timer fires within this many ms. */
  maxMs?: number;
  /** Picks one socket when several match (e.g. by the client's own port). */
  which?: (row: SocketRow) => boolean;
  within?: number;
}

/** "ss -o shows SYN-SENT timer:(on, ≤ 2 s, 1)". */
export function expectTimerCount(spec: TimerCountSpec): Expectation {
  const command = ssSideArgs(spec.side, spec.port, [spec.state]);
  return {
    id: spec.id,
    text: spec.text,
    command,
    within: spec.within ?? 1000,
    async attempt(env) {
      const rows = (await env.ss(command, spec.state)).filter(
        (row) =>
          row.state === spec.state &&
          (spec.side === 'server' ? row.local.port === spec.port : row.peer.port === spec.port) &&
          (spec.which?.(row) ?? true),
      );
      if (rows.length === 0)
        return { ok: false, observed: `ss listed no ${spec.state} socket on the ${spec.side} side` };
      const good = rows.find(
        (row) =>
          row.timer?.name === spec.timer &&
          compare(row.timer.retrans, spec.count[0], spec.count[1]) &&
          (spec.maxMs === undefined || row.timer.expiresMs <= spec.maxMs),
      );
      return { ok: good !== undefined, observed: (good ? [good] : rows).map(describeTimedRow).join('; ') };
    },
  };
}
