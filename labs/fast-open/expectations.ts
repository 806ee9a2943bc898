// Expectations this lab needs beyond the shared factories: judgments over one curl
// connection's segments in the capture, the client's cookie cache (`ip tcp_metrics`), and the
// `fastopen` mark `ss -i` puts on a connection whose SYN data was accepted. curl's port is
// known only at run time: each reads it from its Fetch when judged, and the commands shown
// select by the server's port, which the plan knows. `about(fetch)` binds them to one curl run.

import { type Attempt, describeRow, type Expectation, expectOutput } from '../../checker/expect.ts';
import { type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import type { SocketRow } from '../../checker/socket.ts';
import { type Connection, describeSegment } from './connection.ts';
import type { Fetch } from './fetch.ts';

type Segment = 'syn' | 'synAck' | 'data';

const MISSING: Record<Segment, string> = { syn: 'no SYN', synAck: 'no SYN/ACK yet', data: 'no request segment yet' };

export interface SegmentSpec {
  id: string;
  text: string;
  fetch: Fetch;
  segment: Segment;
  /** What is observed while the segment has not been captured. */
  missing?: string;
  /** Judges the segment, its connection at hand, and the whole capture (for earlier ones). */
  ok(segment: Packet, connection: Connection, packets: readonly Packet[]): boolean;
}

/** One segment of a curl connection, as tcpdump saw it inside the sandbox. */
export function expectSegment(spec: SegmentSpec): Expectation {
  const port = spec.fetch.serverPort;
  // Handshake segments are shown with a SYN-only filter; the request among all of them.
  const filter = spec.segment === 'data' ? `tcp port ${port}` : `tcp port ${port} and tcp[tcpflags] & tcp-syn != 0`;
  return {
    id: spec.id,
    text: spec.text,
    command: tcpdumpCommand(filter),
    within: 2000,
    async attempt(env): Promise<Attempt> {
      const packets = env.packets();
      const connection = spec.fetch.connection(packets);
      const segment = connection?.[spec.segment];
      if (!connection) return { ok: false, observed: MISSING.syn };
      if (!segment) return { ok: false, observed: spec.missing ?? MISSING[spec.segment] };
      return { ok: spec.ok(segment, connection, packets), observed: describeSegment(segment) };
    },
  };
}

/** The cookie a cache entry must hold (read off the capture), or 'none' for an entry without one. */
export type WantedCookie = (packets: readonly Packet[]) => string | 'none' | null;

/**
 * The client's per-destination cache of the server `address`: `ip tcp_metrics show
 * 127.0.0.1` prints `fo_cookie …`.
 */
export function expectCachedCookie(id: string, text: string, address: string, want: WantedCookie): Expectation {
  const command = ['ip', 'tcp_metrics', 'show', address];
  return {
    id,
    text,
    command,
    within: 1000,
    async attempt(env) {
      const wanted = want(env.packets());
      if (wanted === null) return { ok: false, observed: 'the capture shows no cookie to compare with' };
      const entry = (await env.run(command)).stdout.trim();
      const cached = /\bfo_cookie ([0-9a-f]+)/.exec(entry)?.[1] ?? null;
      const shown = entry === '' ? 'no entry' : entry.replace(/\s+/g, ' ');
      return { ok: wanted === 'none' ? cached === null : cached === wanted, observed: shown };
    },
  };
}

function describeEnd(role: string, row: SocketRow): string {
  const flag = row.info && 'fastopen' in row.info ? 'fastopen' : 'no fastopen mark';
  return `${role}: ${describeRow(row)} — ${flag}`;
}

const NOT_SEEN = "curl's connection was never seen";

/**
 * Both ends of one connection, as `ss -tio` shows them: marked `fastopen` (flagged) or not.
 * ss prints the negotiated options (ts, sack, fastopen) only with -o.
 */
export function expectFastOpenFlag(spec: { id: string; text: string; fetch: Fetch; flagged: boolean }): Expectation {
  const port = spec.fetch.serverPort;
  const command = ['ss', '-Htino', `sport = :${port} or dport = :${port}`];
  return {
    id: spec.id,
    text: spec.text,
    command,
    within: 1000,
    async attempt(env) {
      const clientPort = spec.fetch.clientPort();
      if (clientPort === null) return { ok: false, observed: NOT_SEEN };
      const rows = await env.ss(command);
      const client = rows.find((row) => row.local.port === clientPort && row.peer.port === port);
      const server = rows.find((row) => row.local.port === port && row.peer.port === clientPort);
      const ends = [client ? describeEnd('client', client) : null, server ? describeEnd('server', server) : null];
      const observed = ends.filter(Boolean).join('; ') || `no socket of the connection from :${clientPort}`;
      if (!client?.info || !server?.info) return { ok: false, observed };
      const marked = (row: SocketRow) => 'fastopen' in (row.info ?? {});
      return { ok: marked(client) === spec.flagged && marked(server) === spec.flagged, observed };
    },
  };
}

/** The client's end of one connection reached TIME-WAIT (it closed first, and cleanly). */
export function expectClientTimeWait(spec: { id: string; text: string; fetch: Fetch; within: number }): Expectation {
  const command = ['ss', '-Htano', 'state', 'time-wait', `dport = :${spec.fetch.serverPort}`];
  return {
    id: spec.id,
    text: spec.text,
    command,
    within: spec.within,
    async attempt(env) {
      const clientPort = spec.fetch.clientPort();
      if (clientPort === null) return { ok: false, observed: NOT_SEEN };
      const row = (await env.ss(command, 'TIME-WAIT')).find((r) => r.local.port === clientPort);
      if (row) return { ok: true, observed: describeRow(row) };
      const seen = env.latest()?.sockets.find((r) => r.local.port === clientPort);
      return { ok: false, observed: seen ? `still ${describeRow(seen)}` : `no socket on :${clientPort}` };
    },
  };
}

/** The server printed that it read this fetch's request, from curl's port. */
export function expectServerRead(spec: { id: string; text: string; fetch: Fetch }): Expectation {
  const request = (port: string) => new RegExp(`GET ${spec.fetch.path} from port ${port}$`);
  const read = (port: string) => expectOutput({ id: spec.id, role: 'server', pattern: request(port), text: spec.text });
  // What `show` lists; when judged, the pattern names the port curl used.
  return { ...read('\\d+'), attempt: (env) => read(String(spec.fetch.clientPort())).attempt(env) };
}

type Judge = SegmentSpec['ok'];

/** This lab's expectations about one curl run, by id and the words a learner reads. */
export function about(fetch: Fetch) {
  const segment = (kind: Segment) => (id: string, text: string, ok: Judge, missing?: string) =>
    expectSegment({ id, text, fetch, segment: kind, ok, ...(missing ? { missing } : {}) });
  return {
    syn: segment('syn'),
    synAck: segment('synAck'),
    /** curl's first data segment after its SYN: the request (or its resend). */
    data: segment('data'),
    marked: (id: string, text: string, flagged: boolean) => expectFastOpenFlag({ id, text, fetch, flagged }),
    closes: (id: string, text: string, within: number) => expectClientTimeWait({ id, text, fetch, within }),
    serverRead: (id: string, text: string) => expectServerRead({ id, text, fetch }),
  };
}
