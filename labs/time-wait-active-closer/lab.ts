import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { note, start, step, waitExit } from '../kit/plan.ts';

const REQUESTS = 3;

export default defineLab({
  id: 'time-wait-active-closer',
  title: 'TIME-WAIT belongs to whoever closes first',
  topic: 'teardown',
  seed: '004',
  summary:
    'An HTTP/1.0-style server that closes first holds one TIME-WAIT per request; with keep-alive the client closes and the server holds none.',
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server-http10.ts', 'server'),
    ...playing('server', 'server-keepalive.ts', 'server-keepalive'),
    ...playing('client', 'client.ts', 'client'),
  },
  // The keep-alive part runs on the next port, so its sockets never mix with the first part's.
  classify: (port) => classifyByPort([port, port + 1]),
  plan: ({ port, the }) => {
    const keepAlivePort = port + 1;
    const keepAliveEnv = { PORT: String(keepAlivePort), REQUESTS: String(REQUESTS), KEEP_ALIVE: '1' };
    return [
      step(`HTTP/1.0 server listens on :${port}`, start('server', { listening: true })),
      step(
        `client makes ${REQUESTS} requests, one connection each; the server closes first`,
        start('client', { until: /client: done/, env: { REQUESTS: String(REQUESTS) } }),
        // The keep-alive part starts the client again: a role runs once at a time.
        waitExit('client'),
        the.server.count('server-holds-time-wait', 'TIME-WAIT', '==', REQUESTS, {
          text: `within 1 s, the server side of :${port} holds ${REQUESTS} TIME-WAIT sockets, one per request`,
        }),
        the.client.count('client-holds-none', 'TIME-WAIT', '==', 0, {
          within: 0,
          text: 'the client, the passive closer, holds no TIME-WAIT',
        }),
      ),
      step(
        'read the 60 s countdown from ss -o (no need to wait it out)',
        the.server.timer('time-wait-timer', 'TIME-WAIT', {
          timer: 'timewait',
          minMs: 50_000,
          maxMs: 60_000,
          text: 'each TIME-WAIT socket shows timer:(timewait,…) counting down from 60 s (Linux fixes it at 60 s)',
        }),
        note('TIME-WAIT lasts 60 s on Linux (TCP_TIMEWAIT_LEN), whatever the MSL; tcp_fin_timeout does not change it'),
      ),
      step(
        `keep-alive server on :${keepAlivePort}; ${REQUESTS} requests on one connection`,
        start('server-keepalive', { listening: keepAlivePort, env: { PORT: String(keepAlivePort) } }),
        start('client', { until: /client: done/, env: keepAliveEnv }),
        the.client.count('keepalive-client-time-wait', 'TIME-WAIT', '==', 1, {
          port: keepAlivePort,
          text: `within 1 s, the client side of :${keepAlivePort} holds the one TIME-WAIT (it closed first)`,
        }),
        the.server.count('keepalive-server-none', 'TIME-WAIT', '==', 0, {
          port: keepAlivePort,
          within: 0,
          text: `the keep-alive server on :${keepAlivePort} holds no TIME-WAIT`,
        }),
      ),
    ];
  },
});
