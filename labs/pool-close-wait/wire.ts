// What the capture and ss say about one client's pooled connections, told apart by the
// loopback address each client connects from: how long its side sat in CLOSE-WAIT, and
// whether a request it sent after the server's FIN was answered with a RST.

import { describeRow, type Expectation, ssSideArgs } from '../../checker/expect.ts';
import { type Connection, hasFlag, type Packet, splitConnections, tcpdumpCommand } from '../../checker/packets.ts';
import type { TcpState } from '../../checker/socket.ts';

const SEQ_SPACE = 2 ** 32;

function connectionsFrom(packets: readonly Packet[], port: number, address: string): Connection[] {
  return splitConnections(packets, [port]).filter((c) => c.server.port === port && c.client.address === address);
}

/**
 * One client-side CLOSE-WAIT, from the capture: it begins when the client's kernel ACKs a
 * server FIN that arrived before the client had sent its own, and ends at the client's FIN or
 * a RST either way (null: not by the end of the capture).
 */
export interface CloseWaitSpan {
  clientPort: number;
  fromMs: number;
  untilMs: number | null;
}

export function closeWaitSpans(packets: readonly Packet[], port: number, address: string): CloseWaitSpan[] {
  const spans: CloseWaitSpan[] = [];
  for (const connection of connectionsFrom(packets, port, address)) {
    const byClient = (p: Packet) => p.src.address === address && p.src.port === connection.client.port;
    const serverFins = connection.packets.filter((p) => !byClient(p) && hasFlag(p, 'FIN'));
    // The FIN that got through is the one the client acknowledged.
    const ackOf = connection.packets.find(
      (p) => byClient(p) && serverFins.some((fin) => fin.seq !== null && p.ack === (fin.seq + 1) % SEQ_SPACE),
    );
    if (!ackOf) continue;
    const clientFinFirst = connection.packets.some((p) => byClient(p) && hasFlag(p, 'FIN') && p.tMs < ackOf.tMs);
    if (clientFinFirst) continue;
    const fin = serverFins.filter((p) => p.tMs <= ackOf.tMs).at(-1) as Packet;
    const end = connection.packets.find(
      (p) => p.tMs >= ackOf.tMs && (hasFlag(p, 'RST') || (byClient(p) && hasFlag(p, 'FIN'))),
    );
    spans.push({ clientPort: connection.client.port, fromMs: fin.tMs, untilMs: end ? end.tMs : null });
  }
  return spans;
}

const lasted = (span: CloseWaitSpan, untilMs: number) => (span.untilMs ?? untilMs) - span.fromMs;

/** Every CLOSE-WAIT of the client at `address` lasted within bounds (at least one, if `some`). */
export function expectCloseWaitSpans(
  id: string,
  text: string,
  port: number,
  address: string,
  bounds: { minMs?: number; maxMs?: number; some?: boolean },
  hint?: string,
): Expectation {
  return {
    id,
    text,
    command: tcpdumpCommand(`tcp port ${port} and host ${address} and tcp[tcpflags] & (tcp-fin|tcp-rst) != 0`),
    within: 0,
    ...(hint ? { hint } : {}),
    async attempt(env) {
      const packets = env.packets();
      const end = packets.at(-1)?.tMs ?? 0;
      const spans = closeWaitSpans(packets, port, address);
      const ok =
        (!bounds.some || spans.length > 0) &&
        spans.every(
          (s) =>
            (bounds.minMs === undefined || lasted(s, end) >= bounds.minMs) &&
            (bounds.maxMs === undefined || lasted(s, end) <= bounds.maxMs),
        );
      const listed = spans.map(
        (s) => `port ${s.clientPort}: ${lasted(s, end).toFixed(1)} ms${s.untilMs === null ? ' (still open)' : ''}`,
      );
      return { ok, observed: spans.length ? `CLOSE-WAIT ${listed.join('; ')}` : 'no CLOSE-WAIT on the client side' };
    },
  };
}

/**
 * On the pooled connection of the client at `address`: the server's FIN, then a request from
 * the client (data after that FIN), answered by the server with a RST.
 */
export function expectResetAfterFin(id: string, text: string, port: number, address: string): Expectation {
  return {
    id,
    text,
    command: tcpdumpCommand(`tcp port ${port} and host ${address}`),
    within: 1000,
    // What the server's kernel sends back: the answer to a prediction about this request.
    answer: 'RST',
    async attempt(env) {
      for (const connection of connectionsFrom(env.packets(), port, address)) {
        const fromServer = (p: Packet) => p.src.port === port;
        const fin = connection.packets.find((p) => fromServer(p) && hasFlag(p, 'FIN'));
        if (!fin) continue;
        const late = connection.packets.find((p) => !fromServer(p) && p.length > 0 && p.tMs > fin.tMs);
        const rst = late && connection.packets.find((p) => fromServer(p) && hasFlag(p, 'RST') && p.tMs >= late.tMs);
        if (late && rst) {
          const at = (p: Packet) => `${p.tMs.toFixed(1)} ms`;
          return {
            ok: true,
            observed: `port ${connection.client.port}: server FIN at ${at(fin)}, ${late.length}-byte request at ${at(late)}, RST at ${at(rst)}`,
          };
        }
      }
      return { ok: false, observed: `no request after a server FIN answered by a RST, from ${address}` };
    },
  };
}

/** The client at `address` has a socket to `port` in `state` (and, if given, that Recv-Q). */
export function expectClientFrom(
  id: string,
  text: string,
  port: number,
  address: string,
  states: TcpState | readonly TcpState[],
  recvQ?: number,
): Expectation {
  const wanted: readonly TcpState[] = typeof states === 'string' ? [states] : states;
  const state = wanted.length === 1 ? wanted[0] : undefined;
  const command = [...ssSideArgs('client', port, [...wanted]).slice(0, -1), `dport = :${port} and src ${address}`];
  return {
    id,
    text,
    command,
    within: 1000,
    // The state, when there is one: the answer to a prediction about this socket.
    ...(state ? { answer: state } : {}),
    async attempt(env) {
      const rows = (await env.ss(command, state)).filter(
        (row) => wanted.includes(row.state) && row.local.address === address && row.peer.port === port,
      );
      const ok = rows.length > 0 && rows.every((row) => recvQ === undefined || row.recvQ === recvQ);
      const seen = rows.map((row) => `${describeRow(row)} Recv-Q ${row.recvQ}`).join('; ');
      return { ok, observed: seen || `no ${wanted.join(' or ')} socket from ${address}` };
    },
  };
}

/** The server side of the connection from `address` is in `state`. */
export function expectServerTo(id: string, text: string, port: number, address: string, state: TcpState): Expectation {
  const command = [...ssSideArgs('server', port, [state]).slice(0, -1), `sport = :${port} and dst ${address}`];
  return {
    id,
    text,
    command,
    within: 1000,
    answer: state,
    async attempt(env) {
      const rows = (await env.ss(command, state)).filter(
        (row) => row.state === state && row.peer.address === address && row.local.port === port,
      );
      return { ok: rows.length > 0, observed: rows.map(describeRow).join('; ') || `no ${state} socket to ${address}` };
    },
  };
}
