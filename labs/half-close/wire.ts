// What the capture shows of a half-close, judged from the segments rather than by racing
// `ss` through an exchange that lasts a few hundred milliseconds: which states the wire put
// each end in while the server's data flowed, and how many bytes came after the client's FIN.

import type { Expectation } from '../../checker/expect.ts';
import {
  type Connection,
  fromClient,
  hasFlag,
  type Packet,
  seqDistance,
  splitConnections,
  tcpdumpCommand,
} from '../../checker/packets.ts';
import { formatEndpoint } from '../../checker/socket.ts';
import { wireChanges } from '../../checker/wire.ts';
import { t } from './messages.ts';

interface Teardown {
  conn: Connection;
  clientFin: Packet;
  /** The server's data segments that came after the client's FIN, in capture order. */
  dataAfter: Packet[];
  serverFin: Packet | undefined;
}

function teardownOf(packets: readonly Packet[], port: number): Teardown | null {
  const conn = splitConnections(packets, [port]).find((c) => c.server.port === port);
  const at = conn ? conn.packets.findIndex((p) => fromClient(conn, p) && hasFlag(p, 'FIN')) : -1;
  if (!conn || at < 0) return null;
  const later = conn.packets.slice(at + 1).filter((p) => !fromClient(conn, p));
  return {
    conn,
    clientFin: conn.packets[at] as Packet,
    dataAfter: later.filter((p) => p.length > 0),
    serverFin: later.find((p) => hasFlag(p, 'FIN')),
  };
}

const bytes = (segments: readonly Packet[]) => segments.reduce((sum, p) => sum + p.length, 0);
const command = (port: number) => tcpdumpCommand(`tcp port ${port}`);

/** After the client's FIN the server sent `total` bytes, and the client's kernel ACKed them all. */
export function expectDataAfterFin(id: string, port: number, total: number, hint?: string): Expectation {
  return {
    id,
    text: t('wire.dataAfter', { total }),
    command: command(port),
    within: 1000,
    ...(hint ? { hint } : {}),
    async attempt(env) {
      const seen = teardownOf(env.packets(), port);
      if (!seen) return { ok: false, observed: `no FIN from a client of :${port} in the capture` };
      const { conn, dataAfter } = seen;
      const end = dataAfter.at(-1)?.seqEnd ?? null;
      const acked =
        end !== null &&
        conn.packets.some((p) => fromClient(conn, p) && p.ack !== null && seqDistance(end, p.ack) < 2 ** 31);
      const sent = bytes(dataAfter);
      return {
        ok: sent === total && acked,
        observed: `after the client's FIN: ${sent} bytes in ${dataAfter.length} segments from the server, ${acked ? 'all ACKed by the client' : 'not all ACKed'}`,
      };
    },
  };
}

/** While that data flowed, the wire had the client in FIN-WAIT-2 and the server in CLOSE-WAIT. */
export function expectStatesWhileSending(id: string, port: number): Expectation {
  return {
    id,
    text: t('wire.states'),
    // What a prediction about the client's state while the data flows is answered with.
    answer: 'FIN-WAIT-2',
    command: command(port),
    within: 1000,
    async attempt(env) {
      const seen = teardownOf(env.packets(), port);
      if (!seen || seen.dataAfter.length === 0) return { ok: false, observed: "no data after the client's FIN" };
      const changes = wireChanges(env.packets());
      const at = (end: string, state: string) =>
        changes.find((c) => formatEndpoint(c.local) === end && c.to === state)?.tMs ?? null;
      const client = formatEndpoint(seen.conn.client);
      const finWait2 = at(client, 'FIN-WAIT-2');
      const timeWait = at(client, 'TIME-WAIT') ?? Number.POSITIVE_INFINITY;
      const closeWait = at(formatEndpoint(seen.conn.server), 'CLOSE-WAIT');
      const first = (seen.dataAfter[0] as Packet).tMs;
      const last = (seen.dataAfter.at(-1) as Packet).tMs;
      const inside =
        finWait2 !== null && closeWait !== null && finWait2 <= first && closeWait <= first && last <= timeWait;
      const ms = (t: number | null) => (t === null ? 'never' : `+${Math.round(t)} ms`);
      return {
        ok: inside,
        observed: `client FIN-WAIT-2 ${ms(finWait2)}, server CLOSE-WAIT ${ms(closeWait)}; data ${ms(first)} to ${ms(last)}; client TIME-WAIT ${ms(Number.isFinite(timeWait) ? timeWait : null)}`,
      };
    },
  };
}

/** Node's default server: its FIN right behind the `written` bytes it wrote in its 'end' handler. */
export function expectFinRightBehind(id: string, port: number, written: number): Expectation {
  return {
    id,
    text: t('wire.finBehind', { written }),
    command: command(port),
    within: 1000,
    async attempt(env) {
      const seen = teardownOf(env.packets(), port);
      if (!seen?.serverFin) return { ok: false, observed: `no FIN from the server of :${port} in the capture` };
      const { conn, clientFin, serverFin } = seen;
      const afterFin = conn.packets.slice(conn.packets.indexOf(serverFin) + 1).filter((p) => !fromClient(conn, p));
      const before = bytes(seen.dataAfter.filter((p) => conn.packets.indexOf(p) <= conn.packets.indexOf(serverFin)));
      const late = bytes(afterFin);
      return {
        ok: before === written && late === 0,
        observed: `${before} bytes, then the server's FIN ${Math.round(serverFin.tMs - clientFin.tMs)} ms after the client's; ${late} bytes after it`,
      };
    },
  };
}
