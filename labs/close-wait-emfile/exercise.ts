// The exercise: a server that serves 500 short-lived clients with only 64 descriptors. The
// kit plays the stream (a few clients at a time) against the learner's server, after lowering
// the server's open-file limit, and asks the clients and the kernel what happened.

import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step } from '../kit/plan.ts';
import { expectTally } from './checks.ts';
import { expectFdLimit, FD_LIMIT, limited, lowerFdLimit } from './fd-limit.ts';

export const MANY = 500;
/** Clients in flight at once: a few, so 500 fit in well under a second. */
const AT_ONCE = 4;

function serveManyPlan({ port, the }: PlanInput): Step[] {
  const server = limited();
  return [
    step(
      `your server listens on :${port}; the kit lowers its open-file limit to ${FD_LIMIT}`,
      start('server', { listening: true }),
      lowerFdLimit(port, server),
      expectFdLimit('your-fd-limit', server),
    ),
    step(
      `${MANY} clients, ${AT_ONCE} at a time: each sends a request, reads the answer and hangs up`,
      mark('stream'),
      start('clients', {
        until: /clients: done/,
        env: { CLIENTS: String(MANY), CONCURRENCY: String(AT_ONCE) },
        timeoutMs: 20_000,
      }),
      expectTally(
        'all-served',
        'clients',
        port,
        `every one of the ${MANY} clients got an answer`,
        () => ({ served: MANY, cut: 0, never: 0 }),
        `some clients connected and were cut off without an answer: your server ran out of descriptors, because it keeps every socket whose client hung up (CLOSE-WAIT); close yours when you read EOF`,
      ),
      the.server.count('no-close-wait-left', 'CLOSE-WAIT', '==', 0, {
        text: `within 1 s of the last client, no server-side socket on :${port} is CLOSE-WAIT`,
        hint: "sockets stayed CLOSE-WAIT: your server read the client's EOF and never closed; call end() (or destroy()) in the 'end' handler",
      }),
      the.counter('no-resets', 'TcpOutRsts', '==', 0, {
        since: 'stream',
        text: 'TcpOutRsts did not move: the kernel reset no connection',
        hint: 'the kernel reset connections: your server closed some with a request still unread, or before reading it (or ran out of descriptors and Node cut clients off)',
      }),
    ),
  ];
}

export const serveManyExercise: Exercise = {
  id: 'serve-500',
  role: 'server',
  goal: `answer ${MANY} short-lived clients with at most ${FD_LIMIT} open files: close each connection when its client hangs up`,
  hints: [
    "Answer each request (write a line back), then, in the socket's 'end' handler, call socket.end().",
    'With allowHalfOpen: true Node leaves closing to you; with the default (false) it ends the socket on EOF.',
    'A descriptor is held from accept() until close(): a socket in CLOSE-WAIT still holds one.',
    'Run tcplabs run close-wait-emfile to see the leak and the fixed server side by side.',
  ],
  starter: 'exercise/serve-500-starter.ts',
  solution: 'exercise/serve-500-solution.ts',
  why: 'The fix: close on EOF',
  plan: serveManyPlan,
};
