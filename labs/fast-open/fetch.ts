// One curl run as plan actions, and the connection it made as the capture saw it. The plan
// is built before the run, so a Fetch learns its SYN (and with it curl's port) only while
// the run plays; expectations read it through `connection(env.packets())`.

import { fastOpenCookie, isSyn, type Packet } from '../../checker/packets.ts';
import type { Action } from '../kit/lab.ts';
import { act, start, waitCapture } from '../kit/plan.ts';
import { type Connection, connectionOf } from './connection.ts';
import { t } from './messages.ts';

export interface FetchSpec {
  serverPort: number;
  serverAddress: string;
  path: string;
  /** curl's path (client.ts runs it). */
  curl: string;
}

export interface Fetch {
  readonly serverPort: number;
  readonly path: string;
  /** Run curl until it has its answer, then wait until the capture shows its SYN. */
  readonly actions: Action[];
  /** The connection as far as the capture shows it; null until its SYN was seen. */
  connection(packets: readonly Packet[]): Connection | null;
  clientPort(): number | null;
  /** The cookie its SYN/ACK granted, or null (no SYN/ACK yet, or none in it). */
  cookie(packets: readonly Packet[]): string | null;
}

export function curlFetch(spec: FetchSpec): Fetch {
  const env = {
    PORT: String(spec.serverPort),
    SERVER_ADDRESS: spec.serverAddress,
    REQUEST_PATH: spec.path,
    CURL: spec.curl,
  };
  let from = 0;
  let syn: Packet | undefined;
  const synIn = (packets: readonly Packet[]) =>
    packets.slice(from).find((p) => isSyn(p) && p.dst.port === spec.serverPort);
  return {
    serverPort: spec.serverPort,
    path: spec.path,
    actions: [
      // Earlier connections to the same port are in the capture too: this one starts here.
      act(t('fetch.mark', { path: spec.path }), (ctx) => {
        from = ctx.capture.packets.length;
      }),
      start('client', { env, until: /^client: GET/, timeoutMs: 10_000 }),
      waitCapture(
        t('fetch.waitSyn', { port: spec.serverPort }),
        (packets) => {
          syn = synIn(packets);
          return syn !== undefined;
        },
        5000,
      ),
    ],
    connection: (packets) => (syn ? connectionOf(packets, syn) : null),
    clientPort: () => syn?.src.port ?? null,
    cookie: (packets) => {
      const synAck = syn ? connectionOf(packets, syn).synAck : null;
      return synAck ? fastOpenCookie(synAck) : null;
    },
  };
}
