// The half-close exercise: a server that keeps sending after the client's FIN, then closes.
// The demo's first part and `tcplabs check half-close` play the same moves.

import { captured } from '../close-wait-fixed/conditions.ts';
import { settle } from '../close-wait-fixed/settle.ts';
import type { Bound } from '../kit/bound.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { start, step } from '../kit/plan.ts';
import { expectDataAfterFin } from './wire.ts';

export const CHUNKS = 5;
export const CHUNK_BYTES = 1000;
export const TOTAL_BYTES = CHUNKS * CHUNK_BYTES;
/** The LESSON.md heading that explains why the fix works. */
export const KEEP_SENDING_WHY = 'Why allowHalfOpen lets the server finish';

const ALLOW_HALF_OPEN =
  "Node ended your socket when it read the client's EOF, so the rest of your answer never went out: create the server with net.createServer({ allowHalfOpen: true }, …)";

/** The server on `port` answers the client's half-close with TOTAL_BYTES, then its own FIN. */
export function keepSendingSteps({ the, scale }: Pick<PlanInput, 'the' | 'scale'>, port: number): Step[] {
  return [
    step(`server listens on :${port}`, start('server', { listening: true })),
    step(
      'client sends its request and FIN at once (FIN →); the server keeps sending (← data)',
      start('client', { until: /sent the request and FIN/ }),
      settle('client', /EOF after/, scale(3000) + 15_000),
      the.output('client-got-everything', 'client', new RegExp(`EOF after ${TOTAL_BYTES} bytes`), {
        within: 0,
        text: `the client read all ${TOTAL_BYTES} bytes the server sent after the client's FIN, then EOF`,
        hint: ALLOW_HALF_OPEN,
      }),
    ),
    step(
      { title: "the capture: the server's data after the client's FIN", when: captured },
      expectDataAfterFin('data-after-fin', port, TOTAL_BYTES, ALLOW_HALF_OPEN),
    ),
    ...closedSteps(the),
  ];
}

function closedSteps(the: Bound): Step[] {
  return [
    step(
      {
        title: 'server closes (← FIN); the client holds TIME-WAIT',
        predict: {
          question: 'The server has sent everything and its FIN. Which state does the client end in?',
          expectation: 'client-time-wait',
          choices: ['FIN-WAIT-2', 'CLOSE-WAIT', 'TIME-WAIT', 'CLOSED'],
        },
      },
      the.client.is('client-time-wait', 'TIME-WAIT', {
        hint: 'the client never reached TIME-WAIT, so your FIN never came: call end() after your last chunk',
      }),
      the.server.count('server-gone', 'CLOSE-WAIT', '==', 0, {
        hint: 'your socket is still CLOSE-WAIT: you kept it open after sending; call end() once the answer is out',
      }),
    ),
  ];
}

export const keepSendingExercise: Exercise = {
  id: 'keep-sending',
  role: 'server',
  goal: `after the client's FIN, send ${CHUNKS} chunks of ${CHUNK_BYTES} bytes (${TOTAL_BYTES} in all), then close`,
  hints: [
    "Node's default (allowHalfOpen: false) ends your socket as soon as it reads EOF; turn it off with net.createServer({ allowHalfOpen: true }, …).",
    'Then nothing closes the socket for you: call socket.end() after your last write, or it stays CLOSE-WAIT.',
    'Read the port from process.env.PORT and listen on 127.0.0.1.',
    'Run it yourself: tcplabs run half-close shows both servers, the default one and the half-open one.',
  ],
  starter: 'exercise/keep-sending-starter.ts',
  solution: 'exercise/keep-sending-solution.ts',
  why: KEEP_SENDING_WHY,
  plan: (input) => keepSendingSteps(input, input.port),
};
