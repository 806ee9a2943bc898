// The exercise both close-wait labs share: a server must close its side soon after the
// client's FIN. The demo of close-wait-fixed opens with it and every `tcplabs check
// close-wait-*` plays it.

import type { Expectation } from '../../checker/expect.ts';
import { expectWasState } from '../../checker/wire-state.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { note, type StepItem, start, step, waitFor } from '../kit/plan.ts';

/** How long a server may take to close after reading EOF. */
export const GRACE_MS = 1000;

/**
 * The seed's first three moves, which both close-wait labs play: the server listens; the
 * client dials and writes "Connect success" (then `connected` must hold); it waits 3 s and
 * sends its FIN (then `closed` must hold).
 */
export function seedOpening({ port, scale }: PlanInput, connected: Expectation, ...closed: StepItem[]): Step[] {
  return [
    step(`server listens on :${port}`, start('server', { listening: true })),
    step(`client dials :${port} and writes "Connect success"`, start('client', { until: /wrote/ }), connected),
    step(
      `client waits ${scale(3000)} ms, then closes (FIN →)`,
      waitFor('client', /FIN sent/, scale(3000) + 5000),
      note("client → FIN → server; the server's kernel ACKs it by itself (← ACK), not the program"),
      ...closed,
    ),
  ];
}

/** Server up, client connects, waits, closes; then the server must close within the grace. */
export function closeOnEofPlan(input: PlanInput): Step[] {
  const { port, the } = input;
  return [
    ...seedOpening(
      input,
      // ESTAB lasts only until the client's FIN (300 ms in fast mode): ss now, or the capture.
      {
        ...expectWasState({ id: 'server-established', side: 'server', port, state: 'ESTAB' }),
        hint: 'the connection never showed up on your server: accept it (net.createServer) and keep it open until the client closes',
      },
      // The FIN was ACKed once the client side leaves FIN-WAIT-1.
      the.client.is('client-fin-acked', ['FIN-WAIT-2', 'TIME-WAIT'], {
        text: "within 1 s, the server's kernel ACKs the client's FIN (client side FIN-WAIT-2 or TIME-WAIT)",
      }),
    ),
    step(
      {
        title: `server must close within ${GRACE_MS / 1000} s (← FIN)`,
        predict: {
          question: 'The server answers with its own FIN. Which state does the client, which closed first, end in?',
          expectation: 'client-time-wait',
          choices: ['FIN-WAIT-2', 'CLOSE-WAIT', 'TIME-WAIT', 'CLOSED'],
        },
      },
      the.server.count('server-left-close-wait', 'CLOSE-WAIT', '==', 0, {
        within: GRACE_MS,
        text: `within ${GRACE_MS / 1000} s of the client's FIN, no server-side socket on :${port} is CLOSE-WAIT`,
        hint: `your server's socket was still CLOSE-WAIT ${GRACE_MS / 1000} s after the client's FIN: it read EOF and never closed; end the socket in its 'end' handler`,
      }),
      the.client.is('client-time-wait', 'TIME-WAIT', {
        text: 'within 1 s, the client (the active closer) holds TIME-WAIT',
        hint: "the client never reached TIME-WAIT, so your server's FIN never came: close with end() or destroy(), not by leaving the socket open",
      }),
    ),
  ];
}

/** The heading of the lesson section (in both close-wait lessons) that explains the fix. */
export const CLOSE_ON_EOF_WHY = 'Why closing on EOF ends the leak';

/** The exercise, with its starter and solution in close-wait-leak's folder (the leak is that lab's). */
export const closeOnEofExercise: Exercise = {
  id: 'close-on-eof',
  role: 'server',
  goal: `close your side within ${GRACE_MS / 1000} s of reading the client's EOF`,
  hints: [
    "Listen for the socket's 'end' event and call socket.end() (or socket.destroy()) there.",
    'With allowHalfOpen: true Node will not end the socket for you; with the default (false) it does.',
    'Read the port from process.env.PORT and listen on 127.0.0.1 (or on all addresses).',
    `Run it yourself: tcplabs run close-wait-fixed shows the states a correct server produces.`,
  ],
  starter: 'exercise/close-on-eof-starter.ts',
  solution: 'exercise/close-on-eof-solution.ts',
  why: CLOSE_ON_EOF_WHY,
  plan: closeOnEofPlan,
};

/** The same exercise seen from close-wait-fixed's folder. */
export const closeOnEofFromFixed: Exercise = {
  ...closeOnEofExercise,
  starter: '../close-wait-leak/exercise/close-on-eof-starter.ts',
  solution: '../close-wait-leak/exercise/close-on-eof-solution.ts',
};
