// What `ss -o` says about a socket's timer: its name, when it fires, and its third number.
// `timer:(timewait,59sec,0)` is TIME-WAIT's countdown; `timer:(on,1.2sec,1)` the
// retransmission timer after one retransmission; `timer:(keepalive,800ms,2)` the keepalive
// timer with two probes unanswered. One expectation reads all three.

import {
  compare,
  describeRow,
  type Expectation,
  lastSeen,
  type ObserveEnv,
  type Op,
  type SocketSide,
  sideRows,
  sideWord,
  ssSideArgs,
  withinText,
} from './expect.ts';
import { formatEndpoint, type SocketRow, type TcpState } from './socket.ts';
import { words } from './words.ts';

/** A socket as `ss -o` prints it: state, both ends and the timer field. */
export function describeTimedRow(row: SocketRow): string {
  const timer = row.timer ? ` timer:(${row.timer.name},${row.timer.expiresMs}ms,${row.timer.retrans})` : ' no timer';
  return `${row.state} ${formatEndpoint(row.local)} ⇄ ${formatEndpoint(row.peer)}${timer}`;
}

export interface TimerSpec {
  id: string;
  side: Exclude<SocketSide, 'listener'>;
  port: number;
  state: TcpState;
  /** `timewait`, `keepalive`, `on` (retransmission), `persist`. */
  timer: string;
  /** The third number: retransmissions so far (`on`) or probes unanswered (`keepalive`). */
  count?: readonly [Op, number];
  /** The timer fires no sooner than this… */
  minMs?: number;
  /** …and no later. */
  maxMs?: number;
  /** Picks one socket when several match (e.g. by the client's own port). */
  which?: (row: SocketRow, env: ObserveEnv) => boolean;
  within?: number;
  text?: string;
}

function rangeText(spec: TimerSpec): string {
  const { minMs, maxMs } = spec;
  const seconds = { min: (minMs ?? 0) / 1000, max: (maxMs ?? 0) / 1000 };
  if (minMs !== undefined && maxMs !== undefined) return words('range.between', seconds);
  if (minMs !== undefined) return words('range.atLeast', seconds);
  if (maxMs !== undefined) return words('range.atMost', seconds);
  return '';
}

function timerHolds(spec: TimerSpec, row: SocketRow): boolean {
  const timer = row.timer;
  if (timer?.name !== spec.timer) return false;
  if (spec.count && !compare(timer.retrans, spec.count[0], spec.count[1])) return false;
  return (
    (spec.minMs === undefined || timer.expiresMs >= spec.minMs) &&
    (spec.maxMs === undefined || timer.expiresMs <= spec.maxMs)
  );
}

/** "The TIME-WAIT socket's timer reads 50–60 s", "SYN-SENT timer:(on, ≤ 2 s, 1)". */
export function expectTimer(spec: TimerSpec): Expectation {
  const command = ssSideArgs(spec.side, spec.port, [spec.state]);
  const within = spec.within ?? 1000;
  // With a count the third number matters, so show the timer the way ss -o prints it.
  const describe = spec.count ? describeTimedRow : describeRow;
  return {
    id: spec.id,
    answer: spec.state,
    text:
      spec.text ??
      words('timer.shows', {
        within: withinText(within),
        side: sideWord(spec.side),
        state: spec.state,
        port: spec.port,
        timer: spec.timer,
        range: rangeText(spec),
      }),
    command,
    within,
    async attempt(env) {
      const rows = sideRows(await env.ss(command, spec.state), spec.side, spec.port).filter(
        (row) => row.state === spec.state && (spec.which?.(row, env) ?? true),
      );
      if (rows.length === 0)
        return { ok: false, observed: `no ${spec.state} socket; ${lastSeen(env, spec.side, spec.port)}` };
      const good = rows.find((row) => timerHolds(spec, row));
      return { ok: good !== undefined, observed: (good ? [good] : rows).map(describe).join('; ') };
    },
  };
}
