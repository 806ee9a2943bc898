import { classifyByPort } from '../../checker/timeline.ts';
import { captured } from '../close-wait-fixed/conditions.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { note, start, step, waitExit } from '../kit/plan.ts';
import { censusSteps, HALF_OPEN } from './census.ts';
import { IDLE_CLIENT, IDLE_SERVER, idleSteps } from './idle.ts';
import { interviewQuestions } from './interview.ts';
import { keepAliveExercise, keepAliveSteps, REQUESTS } from './keep-alive.ts';
import { expectTimeWaitLength } from './length.ts';
import { t } from './messages.ts';
import { reuseSteps, SAME_PORT } from './reuse.ts';

export default defineLab({
  id: 'time-wait-active-closer',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '004',
  get summary() {
    return t('summary');
  },
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
  get interview() {
    return interviewQuestions();
  },
  // HTTP/1.0 on the lab's port, keep-alive on the next one, the idle keep-alive server on the
  // one after: each part's sockets stay apart.
  classify: (port) => classifyByPort([port, port + 1, port + 2]),
  plan: ({ port, the, scale }) => [
    step(t('step.listens', { port }), start('server', { listening: true })),
    step(
      {
        title: t('step.requests', { n: REQUESTS }),
        predict: {
          question: t('predict.requests', { n: REQUESTS }),
          expectation: 'server-holds-time-wait',
          choices: ['0', '1', String(REQUESTS), String(2 * REQUESTS)],
        },
      },
      start('client', { until: /client: done/, env: { REQUESTS: String(REQUESTS) } }),
      // The keep-alive part starts the client again: a role runs once at a time.
      waitExit('client'),
      the.server.count('server-holds-time-wait', 'TIME-WAIT', '==', REQUESTS, {
        text: t('expect.serverHolds', { port, n: REQUESTS }),
      }),
      the.client.count('client-holds-none', 'TIME-WAIT', '==', 0, {
        within: 0,
        text: t('expect.clientNone'),
      }),
    ),
    step(
      t('step.timer'),
      the.server.timer('time-wait-timer', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 50_000,
        maxMs: 60_000,
        text: t('expect.timer'),
      }),
      note(t('note.timer')),
    ),
    step(
      { title: t('step.length'), when: captured },
      expectTimeWaitLength('time-wait-length', t('expect.length'), port),
    ),
    ...reuseSteps(the, port),
    ...censusSteps(the, port, REQUESTS + 1),
    ...keepAliveSteps(the, 'server-keepalive', 'client', port + 1),
    ...idleSteps({ the, scale }, port + 2),
  ],
});
