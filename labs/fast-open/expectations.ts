// Expectations this lab needs beyond the shared factories: judgments over the capture, the
// client's cookie cache (`ip tcp_metrics`), and the `fastopen` mark `ss -i` puts on a
// connection whose SYN data was accepted.

import { type Attempt, describeRow, type Expectation } from '../../checker/expect.ts';
import type { SocketRow } from '../../checker/socket.ts';
import type { RunResult } from '../kit/sandbox.ts';

export interface CapturedSpec {
  id: string;
  text: string;
  /** The tcpdump command that shows the same segments by hand. */
  command: readonly string[];
  within?: number;
  /** Judges the segments captured so far. */
  judge: () => Attempt;
}

/** A judgment over the packets tcpdump saw inside the sandbox. */
export function expectCaptured(spec: CapturedSpec): Expectation {
  return {
    id: spec.id,
    text: spec.text,
    command: spec.command,
    within: spec.within ?? 2000,
    attempt: async () => spec.judge(),
  };
}

export interface CachedCookieSpec {
  id: string;
  text: string;
  /** The server address whose entry to read. */
  address: string;
  /** Runs a command inside the sandbox. */
  run: (argv: readonly string[]) => Promise<RunResult>;
  /** The cookie the entry must hold, or 'none' for an entry without one. */
  want: () => string | 'none' | null;
  within?: number;
}

/** The client's per-destination cache: `ip tcp_metrics show 127.0.0.1` prints `fo_cookie …`. */
export function expectCachedCookie(spec: CachedCookieSpec): Expectation {
  const command = ['ip', 'tcp_metrics', 'show', spec.address];
  return {
    id: spec.id,
    text: spec.text,
    command,
    within: spec.within ?? 1000,
    async attempt() {
      const want = spec.want();
      if (want === null) return { ok: false, observed: 'the capture shows no cookie to compare with' };
      const entry = (await spec.run(command)).stdout.trim();
      const cached = /\bfo_cookie ([0-9a-f]+)/.exec(entry)?.[1] ?? null;
      const shown = entry === '' ? 'no entry' : entry.replace(/\s+/g, ' ');
      return { ok: want === 'none' ? cached === null : cached === want, observed: shown };
    },
  };
}

export interface FastOpenFlagSpec {
  id: string;
  text: string;
  port: number;
  clientPort: number;
  /** Whether both ends must show `fastopen` (true) or neither (false). */
  flagged: boolean;
  within?: number;
}

function describeEnd(role: string, row: SocketRow): string {
  const flag = row.info && 'fastopen' in row.info ? 'fastopen' : 'no fastopen mark';
  return `${role}: ${describeRow(row)} — ${flag}`;
}

/**
 * Both ends of one connection, as `ss -tio` shows them: marked `fastopen` or not. ss prints
 * the negotiated options (ts, sack, fastopen) only with -o.
 */
export function expectFastOpenFlag(spec: FastOpenFlagSpec): Expectation {
  const command = ['ss', '-Htino', `sport = :${spec.clientPort} or dport = :${spec.clientPort}`];
  return {
    id: spec.id,
    text: spec.text,
    command,
    within: spec.within ?? 1000,
    async attempt(env) {
      const rows = await env.ss(command);
      const client = rows.find((row) => row.local.port === spec.clientPort && row.peer.port === spec.port);
      const server = rows.find((row) => row.local.port === spec.port && row.peer.port === spec.clientPort);
      const ends = [client ? describeEnd('client', client) : null, server ? describeEnd('server', server) : null];
      const observed = ends.filter(Boolean).join('; ') || `no socket of the connection from :${spec.clientPort}`;
      if (!client?.info || !server?.info) return { ok: false, observed };
      const marked = (row: SocketRow) => 'fastopen' in (row.info ?? {});
      return { ok: marked(client) === spec.flagged && marked(server) === spec.flagged, observed };
    },
  };
}

export interface ClosedSpec {
  id: string;
  text: string;
  clientPort: number;
  within: number;
}

/** The client's end of one connection reached TIME-WAIT (it closed first, and cleanly). */
export function expectClientTimeWait(spec: ClosedSpec): Expectation {
  const command = ['ss', '-Htano', 'state', 'time-wait', `sport = :${spec.clientPort}`];
  return {
    id: spec.id,
    text: spec.text,
    command,
    within: spec.within,
    async attempt(env) {
      const row = (await env.ss(command, 'TIME-WAIT')).find((r) => r.local.port === spec.clientPort);
      if (row) return { ok: true, observed: describeRow(row) };
      const seen = env.latest()?.sockets.find((r) => r.local.port === spec.clientPort);
      return { ok: false, observed: seen ? `still ${describeRow(seen)}` : `no socket on :${spec.clientPort}` };
    },
  };
}
