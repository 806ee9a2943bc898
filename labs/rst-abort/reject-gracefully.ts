// The exercise: the upload server must turn a too-large upload away without a RST, so the
// client reads the 413 and a clean EOF. `tcplabs check rst-abort --server your-server.ts`.
// The learner's file plays the server; the lab's client uploads twice the 64 KiB limit.

import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step, waitFor } from '../kit/plan.ts';
import { expectServerClose } from './closes.ts';

// Twice the limit: more than the server's first read, so a close() there finds data unread,
// yet small enough that the client's kernel sends all of it at once. Its FIN, once it has
// read the 413, is then never stuck behind unsent bytes (which the capture would show late).
const BIG = 128 * 1024;
/** The client gives up on a server that never hangs up after this long. */
const CLIENT_WAIT_MS = 2000;

function rejectGracefullyPlan({ port, the }: PlanInput): Step[] {
  return [
    step(`your server listens on :${port}`, start('server', { listening: true })),
    step(
      `a ${BIG}-byte upload, over the limit: the client must read 413, then EOF, and no RST may be sent`,
      mark('upload'),
      start('big-client', { env: { BYTES: String(BIG), WAIT_MS: String(CLIENT_WAIT_MS) } }),
      waitFor('big-client', /then (EOF|read|write)|closing it myself|connect\(\) failed/, CLIENT_WAIT_MS + 5000),
      the.output('client-reads-413-then-eof', 'big-client', /read "413 too large" then EOF/, {
        text: 'the client read "413 too large", then EOF (your FIN), not ECONNRESET',
        hint: 'the client did not get "413 too large" followed by a clean EOF: answer 413, then end() the socket instead of destroy(), and do not call destroy() or resetAndDestroy() after it',
      }),
      expectServerClose({
        id: 'server-closes-with-fin',
        role: 'big-client',
        serverPort: port,
        how: 'FIN',
        text: 'the capture shows your FIN, and no RST either way',
        hint: 'a RST left your port: close() with bytes still unread in the receive buffer makes the kernel abort. end() sends FIN and keeps reading; let the body drain until the client closes',
      }),
      the.counter('no-abort-on-close', 'TcpExtTCPAbortOnClose', '==', 0, {
        since: 'upload',
        within: 0,
        text: 'TcpExtTCPAbortOnClose did not grow: no close() threw away unread data',
        hint: 'TcpExtTCPAbortOnClose grew: your server closed the socket while part of the upload was still unread',
      }),
      the.counter('no-rst-sent', 'TcpOutRsts', '==', 0, {
        since: 'upload',
        within: 0,
        text: 'TcpOutRsts did not grow: no RST at all',
        hint: 'the kernel sent a RST: resetAndDestroy(), or a close with unread data, aborts the connection',
      }),
    ),
  ];
}

export const rejectGracefullyExercise: Exercise = {
  id: 'reject-gracefully',
  role: 'server',
  goal: 'turn a too-large upload away with 413 so the client reads it and a clean EOF: no RST',
  hints: [
    'end() is shutdown(SHUT_WR): it sends your FIN after the 413 and leaves the receive side open.',
    "Keep a 'data' listener (or call resume()) so Node goes on reading, and dropping, the rest of the body.",
    'The client closes when it reads your FIN; then Node destroys the socket with nothing left unread.',
    'Run tcplabs run rst-abort to see the RST the faulty server sends, and TcpExtTCPAbortOnClose grow.',
  ],
  starter: 'exercise/reject-gracefully-starter.ts',
  solution: 'exercise/reject-gracefully-solution.ts',
  why: 'Closing with unread data: the RST you did not ask for',
  plan: rejectGracefullyPlan,
};
