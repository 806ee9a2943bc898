// What the clients and the capture say about a stream: how many clients were served and how
// many were cut off, and that the server's kernel ended every cut-off connection with a RST.

import { counterCommand } from '../../checker/counters.ts';
import { type Expectation, sideRows, ssSideArgs } from '../../checker/expect.ts';
import { hasFlag, splitConnections, tcpdumpCommand } from '../../checker/packets.ts';
import { t } from './messages.ts';

/** What an exercise tells a learner when it fails, and what a prediction's answer is. */
export interface Extra {
  hint?: string;
  answer?: string;
}

export interface Tally {
  clients: number;
  served: number;
  cut: number;
  resets: number;
  eofs: number;
  never: number;
}

/**
 * A stream's tally, the clients' line "clients: done with :8818, 60 clients: 43 served, 17 cut
 * off (12 ECONNRESET, 5 EOF), 0 never connected": the last one for `port` (any, if absent).
 */
export function readTally(lines: readonly string[], port?: number): Tally | null {
  const to = port === undefined ? '\\d+' : String(port);
  const counts = '(\\d+) clients: (\\d+) served, (\\d+) cut off \\((\\d+) ECONNRESET, (\\d+) EOF\\), (\\d+) never';
  const tallyLine = new RegExp(`done with :${to}, ${counts}`);
  // The last tally: a role's output holds every run of it.
  for (const line of [...lines].reverse()) {
    const m = tallyLine.exec(line);
    if (m) {
      const [clients, served, cut, resets, eofs, never] = m.slice(1).map(Number) as number[];
      return { clients, served, cut, resets, eofs, never } as Tally;
    }
  }
  return null;
}

/** The clients' tally against what it should be (`want` reads the run's state when judged). */
export function expectTally(
  id: string,
  role: string,
  port: number,
  text: string,
  want: () => Partial<Tally> | null,
  extra: Extra = {},
): Expectation {
  return {
    id,
    text,
    command: null,
    within: 1000,
    ...extra,
    async attempt(env) {
      const tally = readTally(env.output(role), port);
      if (!tally) return { ok: false, observed: `${role} printed no tally for :${port} yet` };
      const wanted = want();
      if (!wanted) return { ok: false, observed: 'the lab does not know what to expect (no server baseline)' };
      const ok = Object.entries(wanted).every(([key, value]) => tally[key as keyof Tally] === value);
      const observed = `${tally.served} of ${tally.clients} served, ${tally.cut} cut off (${tally.resets} ECONNRESET, ${tally.eofs} EOF), ${tally.never} never connected`;
      return { ok, observed };
    },
  };
}

/**
 * In the capture, connections to `port` opened after `since` packets: those the server
 * answered (it sent data) and those it ended with a RST without a byte of answer.
 */
export function expectResetPerCutOff(id: string, port: number, role: string, since: () => number): Expectation {
  return {
    id,
    text: t('expect.resetPerCutOff', { port }),
    command: tcpdumpCommand(`tcp port ${port} and tcp[tcpflags] & tcp-rst != 0`),
    within: 1000,
    async attempt(env) {
      const tally = readTally(env.output(role), port);
      if (!tally) return { ok: false, observed: `${role} printed no tally yet` };
      const connections = splitConnections(env.packets().slice(since()), [port]).filter((c) => c.server.port === port);
      const fromServer = (c: (typeof connections)[number]) => c.packets.filter((p) => p.src.port === port);
      const answered = connections.filter((c) => fromServer(c).some((p) => p.length > 0));
      const unanswered = connections.filter((c) => !fromServer(c).some((p) => p.length > 0));
      const resetUnanswered = unanswered.filter((c) => fromServer(c).some((p) => hasFlag(p, 'RST'))).length;
      const resetAnswered = answered.filter((c) => fromServer(c).some((p) => hasFlag(p, 'RST'))).length;
      const ok = unanswered.length === tally.cut && resetUnanswered === tally.cut && resetAnswered === 0;
      return {
        ok,
        observed: `${connections.length} connections: ${answered.length} answered (${resetAnswered} reset), ${unanswered.length} unanswered (${resetUnanswered} reset); the clients counted ${tally.cut} cut off`,
      };
    },
  };
}

/**
 * Every cut-off client cost the server's kernel one RST (TcpOutRsts), whichever of its three
 * reasons applied: close() with the request unread (TcpExtTCPAbortOnClose), the request
 * arriving at a socket already closed (TcpExtTCPAbortOnData), or arriving once that socket
 * had become a FIN-WAIT-2 timewait socket (no counter of its own). The split is timing, but
 * the first is exactly the clients that saw ECONNRESET: the others got the FIN first (EOF).
 */
export function expectResetCounters(id: string, role: string, port: number, since: string): Expectation {
  return {
    id,
    text: t('expect.rstCounters'),
    command: [...counterCommand('TcpOutRsts'), 'TcpExtTCPAbortOnClose', 'TcpExtTCPAbortOnData'],
    within: 1000,
    async attempt(env) {
      const tally = readTally(env.output(role), port);
      if (!tally) return { ok: false, observed: `${role} printed no tally yet` };
      const deltas = await env.counterDeltas(since);
      const [rsts, onClose, onData] = ['TcpOutRsts', 'TcpExtTCPAbortOnClose', 'TcpExtTCPAbortOnData'].map(
        (name) => deltas[name] ?? 0,
      );
      return {
        ok: rsts === tally.cut && onClose === tally.resets,
        observed: `TcpOutRsts +${rsts} (TcpExtTCPAbortOnClose +${onClose}, TcpExtTCPAbortOnData +${onData}); ${tally.cut} cut off, ${tally.resets} with ECONNRESET`,
      };
    },
  };
}

/** A program never printed a line matching `pattern` (Node's silence about EMFILE). */
export function expectNoOutput(id: string, role: string, pattern: RegExp, text: string): Expectation {
  return {
    id,
    text,
    command: null,
    within: 0,
    async attempt(env) {
      const lines = env.output(role);
      const hit = lines.find((line) => pattern.test(line));
      return { ok: hit === undefined, observed: hit ?? `${lines.length} lines, none matching ${pattern}` };
    },
  };
}

/** How many sockets of a side are in a state, against a number the run learns (null: unknown yet). */
export function expectCountOf(
  base: (n: number) => Expectation,
  want: () => number | null,
  text: string,
  extra: Extra = {},
): Expectation {
  const shown = base(0);
  return {
    ...shown,
    text,
    ...extra,
    async attempt(env) {
      const n = want();
      if (n === null) return { ok: false, observed: 'the lab does not know what to expect yet' };
      const judged = await base(n).attempt(env);
      return { ...judged, observed: `${judged.observed} (want ${n})` };
    },
  };
}

/**
 * Every server-side CLOSE-WAIT on `port` shows Recv-Q `n`. For a socket that is not
 * listening, Recv-Q is what the peer sent that the program has not read, and the FIN counts
 * one: 0 means the program read the EOF and kept the socket anyway.
 */
export function expectCloseWaitRecvQ(id: string, port: number, n: number, text: string): Expectation {
  const command = ssSideArgs('server', port, ['CLOSE-WAIT']);
  return {
    id,
    text,
    command,
    within: 1000,
    async attempt(env) {
      const rows = sideRows(await env.ss(command, 'CLOSE-WAIT'), 'server', port);
      const queues = [...new Set(rows.map((row) => row.recvQ))];
      const ok = rows.length > 0 && queues.every((q) => q === n);
      return { ok, observed: `${rows.length} CLOSE-WAIT, Recv-Q ${queues.join(' or ') || '–'}` };
    },
  };
}
