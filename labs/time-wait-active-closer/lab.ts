import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { note, start, step, waitExit } from '../kit/plan.ts';
import { censusSteps, HALF_OPEN } from './census.ts';
import { IDLE_CLIENT, IDLE_SERVER, idleSteps } from './idle.ts';
import { keepAliveExercise, keepAliveSteps, REQUESTS } from './keep-alive.ts';
import { reuseSteps, SAME_PORT } from './reuse.ts';

export default defineLab({
  id: 'time-wait-active-closer',
  title: 'TIME-WAIT belongs to whoever closes first',
  topic: 'teardown',
  seed: '004',
  summary:
    'An HTTP/1.0-style server that closes first holds one TIME-WAIT per request; with keep-alive the client closes first and holds it, until the server closes an idle connection itself.',
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server-http10.ts', 'server'),
    ...playing('server', 'server-keepalive.ts', 'server-keepalive', IDLE_SERVER),
    ...playing('client', 'client.ts', 'client', IDLE_CLIENT),
    ...playing('client', 'client-same-port.ts', SAME_PORT),
    ...playing('client', 'half-open.ts', HALF_OPEN),
  },
  exercises: [keepAliveExercise],
  // HTTP/1.0 on the lab's port, keep-alive on the next one, the idle keep-alive server on the
  // one after: each part's sockets stay apart.
  classify: (port) => classifyByPort([port, port + 1, port + 2]),
  plan: ({ port, the, scale }) => [
    step(`HTTP/1.0 server listens on :${port}`, start('server', { listening: true })),
    step(
      {
        title: `client makes ${REQUESTS} requests, one connection each; the server closes first`,
        predict: {
          question: `After ${REQUESTS} HTTP/1.0 requests, how many TIME-WAIT sockets does the server hold?`,
          expectation: 'server-holds-time-wait',
          choices: ['0', '1', String(REQUESTS), String(2 * REQUESTS)],
        },
      },
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
        text: 'each TIME-WAIT socket shows timer:(timewait,…) counting down from 60 s (TCP_TIMEWAIT_LEN)',
      }),
      note('the timer is always 60 s; what can end the socket sooner is a new SYN for the same four-tuple (next)'),
    ),
    ...reuseSteps(the, port),
    ...censusSteps(the, port, REQUESTS + 1),
    ...keepAliveSteps(the, 'server-keepalive', 'client', port + 1),
    ...idleSteps({ the, scale }, port + 2),
  ],
});
