// The exercise both close-wait labs share: a server must close its side soon after the
// client's FIN. The demo of close-wait-fixed opens with it and every `tcplabs check
// close-wait-*` plays it.

import type { Expectation } from '../../checker/expect.ts';
import { expectWasState } from '../../checker/wire-state.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { note, type StepItem, start, step, waitFor } from '../kit/plan.ts';
import { t } from './messages.ts';

/** How long a server may take to close after reading EOF. */
export const GRACE_MS = 1000;

/**
 * The seed's first three moves, which both close-wait labs play: the server listens; the
 * client dials and writes "Connect success" (then `connected` must hold); it waits 3 s and
 * sends its FIN (then `closed` must hold).
 */
export function seedOpening({ port, scale }: PlanInput, connected: Expectation, ...closed: StepItem[]): Step[] {
  return [
    step(t('step.listens', { port }), start('server', { listening: true })),
    step(t('step.dials', { port }), start('client', { until: /wrote/ }), connected),
    step(
      t('step.closes', { ms: scale(3000) }),
      waitFor('client', /FIN sent/, scale(3000) + 5000),
      note(t('note.kernelAcks')),
      ...closed,
    ),
  ];
}

/** Server up, client connects, waits, closes; then the server must close within the grace. */
export function closeOnEofPlan(input: PlanInput): Step[] {
  const { port, the } = input;
  const s = GRACE_MS / 1000;
  return [
    ...seedOpening(
      input,
      // ESTAB lasts only until the client's FIN (300 ms in fast mode): ss now, or the capture.
      {
        ...expectWasState({
          id: 'server-established',
          side: 'server',
          port,
          state: 'ESTAB',
          text: t('expect.serverEstablished', { port }),
        }),
        hint: t('hint.established'),
      },
      // The FIN was ACKed once the client side leaves FIN-WAIT-1.
      the.client.is('client-fin-acked', ['FIN-WAIT-2', 'TIME-WAIT'], { text: t('expect.finAcked') }),
    ),
    step(
      {
        title: t('step.mustClose', { s }),
        predict: {
          question: t('predict.mustClose'),
          expectation: 'client-time-wait',
          choices: ['FIN-WAIT-2', 'CLOSE-WAIT', 'TIME-WAIT', 'CLOSED'],
        },
      },
      the.server.count('server-left-close-wait', 'CLOSE-WAIT', '==', 0, {
        within: GRACE_MS,
        text: t('expect.leftCloseWait', { s, port }),
        hint: t('hint.leftCloseWait', { s }),
      }),
      the.client.is('client-time-wait', 'TIME-WAIT', {
        text: t('expect.clientTimeWait'),
        hint: t('hint.clientTimeWait'),
      }),
    ),
  ];
}

/**
 * The exercise, its starter and solution in close-wait-leak's folder (the leak is that
 * lab's), named from the folder of the lab that lists it. Its words are getters, so they
 * follow the language.
 */
function closeOnEof(folder: string): Exercise {
  return {
    id: 'close-on-eof',
    role: 'server',
    get goal() {
      return t('exercise.goal', { s: GRACE_MS / 1000 });
    },
    get hints() {
      return [t('exercise.hint1'), t('exercise.hint2'), t('exercise.hint3'), t('exercise.hint4')];
    },
    starter: `${folder}exercise/close-on-eof-starter.ts`,
    solution: `${folder}exercise/close-on-eof-solution.ts`,
    // The heading of the lesson section (in both close-wait lessons) that explains the fix.
    get why() {
      return t('exercise.why');
    },
    plan: closeOnEofPlan,
  };
}

export const closeOnEofExercise: Exercise = closeOnEof('');

/** The same exercise seen from close-wait-fixed's folder. */
export const closeOnEofFromFixed: Exercise = closeOnEof('../close-wait-leak/');
