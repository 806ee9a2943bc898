// Keep-alive: three requests on one connection that the client closes when it is done. The
// demo plays it against the lab's keep-alive server; the exercise against the learner's.

import { settle } from '../close-wait-fixed/settle.ts';
import type { Bound } from '../kit/bound.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { start, step } from '../kit/plan.ts';
import { t } from './messages.ts';

export const REQUESTS = 3;

/** The server (`role`) on `port` must answer every request on one connection and let the client close. */
export function keepAliveSteps(the: Bound, role: string, client: string, port: number): Step[] {
  const env = { PORT: String(port), REQUESTS: String(REQUESTS), KEEP_ALIVE: '1' };
  return [
    step(t('step.keepAliveServer', { port }), start(role, { listening: port, env: { PORT: String(port) } })),
    step(
      {
        title: t('step.keepAlive', { n: REQUESTS }),
        predict: {
          question: t('predict.keepAlive', { n: REQUESTS }),
          expectation: 'keepalive-server-none',
          choices: ['0', '1', String(REQUESTS)],
        },
      },
      start(client, { env }),
      settle(client, /client: done/, 15_000),
      the.output('keepalive-all-answered', client, new RegExp(`got /${REQUESTS} on the same connection`), {
        within: 0,
        text: t('expect.allAnswered', { n: REQUESTS }),
        hint: t('hint.allAnswered', { n: REQUESTS }),
      }),
      the.client.count('keepalive-client-time-wait', 'TIME-WAIT', '==', 1, {
        port,
        text: t('expect.keepAliveClient', { port }),
        hint: t('hint.keepAliveClient'),
      }),
      the.server.count('keepalive-server-none', 'TIME-WAIT', '==', 0, {
        port,
        within: 0,
        text: t('expect.keepAliveServerNone', { port }),
        hint: t('hint.keepAliveServerNone'),
      }),
    ),
  ];
}

export const keepAliveExercise: Exercise = {
  id: 'keep-alive',
  role: 'server',
  get goal() {
    return t('exercise.goal', { n: REQUESTS });
  },
  get hints() {
    return [t('exercise.hint1'), t('exercise.hint2'), t('exercise.hint3'), t('exercise.hint4')];
  },
  starter: 'exercise/keep-alive-starter.ts',
  solution: 'exercise/keep-alive-solution.ts',
  /** The heading of the lesson (LESSON.md, or LESSON.zh.md in Chinese) that explains why the fix works. */
  get why() {
    return t('exercise.why');
  },
  plan: ({ the, port }: PlanInput) => keepAliveSteps(the, 'server', 'client', port),
};
