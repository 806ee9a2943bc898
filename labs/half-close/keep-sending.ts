// The half-close exercise: a server that keeps sending after the client's FIN, then closes.
// The demo's first part and `tcplabs check half-close` play the same moves.

import { captured } from '../close-wait-fixed/conditions.ts';
import { settle } from '../close-wait-fixed/settle.ts';
import type { Bound } from '../kit/bound.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { start, step } from '../kit/plan.ts';
import { t } from './messages.ts';
import { expectDataAfterFin } from './wire.ts';

export const CHUNKS = 5;
export const CHUNK_BYTES = 1000;
export const TOTAL_BYTES = CHUNKS * CHUNK_BYTES;
/** How many bytes the client may have read: the choices of the predictions about it. */
export const byteChoices = () => ['0', String(CHUNK_BYTES), String(TOTAL_BYTES)];

/** The server on `port` answers the client's half-close with TOTAL_BYTES, then its own FIN. */
export function keepSendingSteps(
  { the, scale, mode }: Pick<PlanInput, 'the' | 'scale' | 'mode'>,
  port: number,
): Step[] {
  // A check judges the learner's server, so what the client reads is theirs to decide: the
  // room predicts only in the demo.
  const asking = mode === 'demo';
  return [
    step(t('send.listens', { port }), start('server', { listening: true })),
    step(
      {
        title: t('send.step'),
        ...(asking && {
          predict: {
            question: t('send.predict', { chunks: CHUNKS, chunk: CHUNK_BYTES }),
            expectation: 'client-got-everything',
            choices: byteChoices(),
          },
        }),
      },
      start('client', { until: /sent the request and FIN/ }),
      settle('client', /EOF after/, scale(3000) + 15_000),
      the.output('client-got-everything', 'client', new RegExp(`EOF after ${TOTAL_BYTES} bytes`), {
        within: 0,
        text: t('send.got', { total: TOTAL_BYTES }),
        hint: t('hint.allowHalfOpen'),
        answer: String(TOTAL_BYTES),
      }),
    ),
    step(
      { title: t('capture.dataAfter'), when: captured },
      expectDataAfterFin('data-after-fin', port, TOTAL_BYTES, t('hint.allowHalfOpen')),
    ),
    ...closedSteps(the, asking),
  ];
}

function closedSteps(the: Bound, asking: boolean): Step[] {
  return [
    step(
      {
        title: t('closed.step'),
        ...(asking && {
          predict: {
            question: t('closed.predict'),
            expectation: 'client-time-wait',
            choices: ['FIN-WAIT-2', 'CLOSE-WAIT', 'TIME-WAIT', 'CLOSED'],
          },
        }),
      },
      the.client.is('client-time-wait', 'TIME-WAIT', {
        hint: t('hint.clientTimeWait'),
      }),
      the.server.count('server-gone', 'CLOSE-WAIT', '==', 0, { hint: t('hint.serverGone') }),
    ),
  ];
}

// Its words are getters, so they follow the language.
export const keepSendingExercise: Exercise = {
  id: 'keep-sending',
  role: 'server',
  get goal() {
    return t('exercise.goal', { chunks: CHUNKS, chunk: CHUNK_BYTES, total: TOTAL_BYTES });
  },
  get hints() {
    return [t('exercise.hint1'), t('exercise.hint2'), t('exercise.hint3'), t('exercise.hint4')];
  },
  starter: 'exercise/keep-sending-starter.ts',
  solution: 'exercise/keep-sending-solution.ts',
  // The heading of the lesson section (LESSON.md, LESSON.zh.md) that explains why the fix works.
  get why() {
    return t('exercise.why');
  },
  plan: (input) => keepSendingSteps(input, input.port),
};
