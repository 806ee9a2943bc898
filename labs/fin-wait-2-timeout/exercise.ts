// The exercise: the learner's server is the cause of the orphan, so the learner's server is
// the fix. The kit plays the seed's client (closes and exits) and a late user, and judges
// what the kernel shows: the server closes after the user's EOF, so the orphan gets its FIN
// and ends in TIME-WAIT instead of waiting for tcp_fin_timeout, and nobody is written to
// after leaving.

import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step, waitExit } from '../kit/plan.ts';
import { STAYS_MS } from './checks.ts';

function plan({ port, scale, the }: PlanInput): Step[] {
  return [
    step(`your chat server listens on :${port}`, start('server', { listening: true })),
    step(
      `the seed's client joins, waits ${scale(3000)} ms, closes and exits`,
      start('client', { until: /connected from port/ }),
      the.server.is('server-established', 'ESTAB', {
        hint: 'the user never showed up on your server: accept the connection (net.createServer) and keep it until the user leaves',
      }),
      waitExit('client', scale(3000) + 5000),
    ),
    step(
      'the user has left: your server must close too (← FIN)',
      the.server.count('server-left-close-wait', 'CLOSE-WAIT', '==', 0, {
        text: `within 1 s of the user's FIN, no server-side socket on :${port} is CLOSE-WAIT`,
        hint: "your server read the user's EOF and kept the socket: its side stayed CLOSE-WAIT. Call end() in the socket's 'end' handler (and drop the user from the room)",
      }),
      the.client.is('orphan-got-fin', 'TIME-WAIT', {
        text: "within 1 s, the departed client's socket is TIME-WAIT: your FIN reached it, and the kernel finished the close properly",
        hint: 'the orphan never got your FIN, so it sat in FIN-WAIT-2 until tcp_fin_timeout: close the socket, not just stop reading',
      }),
    ),
    step(
      'a late user joins: nothing may be written to the one who left',
      mark('late'),
      start('late-client', { until: /wrote/, env: { PAUSE_MS: String(STAYS_MS) } }),
      the.server.is('late-user-served', 'ESTAB', {
        text: 'your server accepted the late user (it is still up)',
        hint: 'your server did not take the late user: did it crash writing to a closed socket? Remove users from the room when they leave, and handle socket errors',
      }),
      the.counter('no-rst', 'TcpOutRsts', '==', 0, {
        since: 'late',
        text: 'TcpOutRsts did not grow: your server wrote nothing to a port that no socket holds any more',
        hint: 'a RST was sent: your server wrote to a departed user whose socket was already gone',
      }),
    ),
  ];
}

export const leaveNoOrphanExercise: Exercise = {
  id: 'leave-no-orphan',
  role: 'server',
  goal: "close a user's connection as soon as you read their EOF, so their kernel is never left holding an orphan",
  hints: [
    "Listen for the socket's 'end' event: call socket.end() there and remove the user from the room.",
    'With allowHalfOpen: true Node leaves the closing to you; with the default (false) it ends the socket for you.',
    "Handle 'error' on every socket: a write to a peer that is gone must not crash the room.",
    'tcplabs run fin-wait-2-timeout shows what the leaking server leaves behind.',
  ],
  starter: 'exercise/leave-no-orphan-starter.ts',
  solution: 'exercise/leave-no-orphan-solution.ts',
  why: 'Who leaves the orphan behind',
  plan,
};
