// Seed 004: "HTTP/1.1 uses keep-alive, so the server does not pile up TIME-WAIT". True while
// the client closes first. Real servers also close connections that sit idle (Node's http
// server after keepAliveTimeout), and then the server sends the first FIN and holds TIME-WAIT.

import type { Expectation } from '../../checker/expect.ts';
import { fromClient, hasFlag, splitConnections, tcpdumpCommand } from '../../checker/packets.ts';
import { captured } from '../close-wait-fixed/conditions.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { start, step, waitFor } from '../kit/plan.ts';
import { t } from './messages.ts';

export const IDLE_SERVER = 'idle keep-alive server';
export const IDLE_CLIENT = 'idle client';

/** From the capture: the first FIN of the idle connection is the server's, after its last answer. */
function expectServerFinFirst(id: string, port: number, timeoutMs: number): Expectation {
  return {
    id,
    text: t('expect.idleFinFirst', { port, ms: timeoutMs }),
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const conn = splitConnections(env.packets(), [port]).find((c) => c.server.port === port);
      const fin = conn?.packets.find((p) => hasFlag(p, 'FIN'));
      if (!conn || !fin) return { ok: false, observed: 'no FIN on the idle connection in the capture' };
      const lastAnswer = conn.packets.filter((p) => !fromClient(conn, p) && p.length > 0 && p.tMs <= fin.tMs).at(-1);
      const byServer = !fromClient(conn, fin);
      const idleMs = lastAnswer ? Math.round(fin.tMs - lastAnswer.tMs) : null;
      return {
        ok: byServer && idleMs !== null && idleMs >= timeoutMs,
        observed: `the first FIN came from the ${byServer ? 'server' : 'client'}${idleMs === null ? '' : `, ${idleMs} ms after the server's last answer`}`,
      };
    },
  };
}

/** A Node http server with a short keepAliveTimeout; a client that makes two requests, then idles. */
export function idleSteps({ the, scale }: Pick<PlanInput, 'the' | 'scale'>, port: number): Step[] {
  const timeoutMs = scale(2000);
  return [
    step(
      t('step.idleServer', { port, ms: timeoutMs }),
      start(IDLE_SERVER, {
        listening: port,
        env: { PORT: String(port), KEEPALIVE_TIMEOUT_MS: String(timeoutMs) },
      }),
      the.output('node-keepalive-default', IDLE_SERVER, /Node's default: 5000 ms/, {
        text: t('expect.nodeDefault'),
      }),
    ),
    step(
      t('step.idleClient'),
      start(IDLE_CLIENT, { env: { PORT: String(port), REQUESTS: '2', KEEP_ALIVE: '1', IDLE: '1' } }),
      waitFor(IDLE_CLIENT, /client: done/, timeoutMs + 5000),
      the.server.count('idle-server-time-wait', 'TIME-WAIT', '==', 1, {
        port,
        text: t('expect.idleServerTimeWait', { port }),
      }),
      the.client.count('idle-client-none', 'TIME-WAIT', '==', 0, {
        port,
        within: 0,
        text: t('expect.idleClientNone', { port }),
      }),
    ),
    step({ title: t('step.idleFin'), when: captured }, expectServerFinFirst('idle-server-fin-first', port, timeoutMs)),
  ];
}
