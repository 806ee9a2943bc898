import type { Expectation } from '../../checker/expect.ts';
import { describeRow } from '../../checker/expect.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { start, step, waitFor } from '../kit/plan.ts';

const TOTAL_BYTES = 5000;

/** The client's socket, still in FIN-WAIT-2, has received bytes (ss -i: bytes_received). */
function expectBytesInFinWait2(port: number, atLeast: number): Expectation {
  const command = ['ss', '-Htinop', 'state', 'fin-wait-2', `dport = :${port}`];
  return {
    id: 'client-reads-in-fin-wait-2',
    text: `within 2 s, the client's FIN-WAIT-2 socket has received at least ${atLeast} bytes (ss -i bytes_received)`,
    command,
    within: 2000,
    async attempt(env) {
      const rows = (await env.ss(command, 'FIN-WAIT-2')).filter((row) => row.peer.port === port);
      const row = rows[0];
      if (!row) return { ok: false, observed: 'no client socket in FIN-WAIT-2' };
      const bytes = Number(row.info?.bytes_received ?? 0);
      return { ok: bytes >= atLeast, observed: `${describeRow(row)} bytes_received:${bytes}` };
    },
  };
}

export default defineLab({
  id: 'half-close',
  title: 'Half-close: reading after your own FIN',
  topic: 'teardown',
  seed: '001',
  summary: "After the client's FIN the server keeps sending; the client, in FIN-WAIT-2, still receives all of it.",
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client'),
  },
  plan: ({ port, scale, the }) => [
    step(`server listens on :${port}`, start('server', { listening: true })),
    step(
      'client sends its request and FIN at once (FIN →)',
      start('client', { until: /sent the request and FIN/ }),
      the.client.is('client-fin-wait-2', 'FIN-WAIT-2'),
      the.server.is('server-close-wait', 'CLOSE-WAIT', {
        text: 'within 1 s, the server side is CLOSE-WAIT: it got the FIN and may still send',
      }),
    ),
    step('server keeps sending (← data); the client still reads', expectBytesInFinWait2(port, 1000)),
    step(
      'server closes (← FIN); the client holds TIME-WAIT',
      waitFor('client', /EOF after/, scale(3000) + 5000),
      the.output('client-got-everything', 'client', new RegExp(`EOF after ${TOTAL_BYTES} bytes`), {
        text: `the client read all ${TOTAL_BYTES} bytes the server sent after the client's FIN`,
      }),
      the.client.is('client-time-wait', 'TIME-WAIT'),
      the.server.count('server-gone', 'CLOSE-WAIT', '==', 0),
    ),
  ],
});
