// The exercise: a client whose own code is the fix. The kit plays the server, narrows the
// ports to 50 and turns tcp_tw_reuse off (as it is between two hosts, where the default 2
// does nothing), then judges what the kernel shows: every request answered, and the port
// range never used up.

import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { start, step, sysctl, waitExit } from '../kit/plan.ts';
import { timeWaitCensus } from './probes.ts';

const REQUESTS = 200;

function plan({ port, the }: PlanInput): Step[] {
  return [
    step(
      `the server listens on :${port}; tcp_tw_reuse=0`,
      start('server', { listening: true }),
      sysctl('net.ipv4.tcp_tw_reuse', 0),
    ),
    step(
      `your client makes ${REQUESTS} requests with 50 local ports`,
      start('client', { env: { REQUESTS: String(REQUESTS) } }),
      waitExit('client', 20_000),
      {
        // the.output() drops a wording's hint, so it is added here.
        ...the.output('server-answered-all', 'server', new RegExp(`answered ${REQUESTS} requests`), {
          text: `the server answered all ${REQUESTS} requests`,
        }),
        hint: 'the server did not get every request: if your client printed EADDRNOTAVAIL, it ran out of local ports — each connection it closed first left a TIME-WAIT on a port for 60 s',
      },
      timeWaitCensus({
        id: 'ports-to-spare',
        side: 'client',
        to: { host: '127.0.0.1', port },
        op: '<',
        n: 50,
        within: 0,
        text: 'your client holds fewer than 50 TIME-WAIT towards the server: the port range was never used up',
        hint: 'your client left a TIME-WAIT on every port of the range: it still opens a connection per request and closes it first; reuse one connection (keep-alive), or let the server close',
      }),
    ),
  ];
}

export const portsExercise: Exercise = {
  id: 'no-port-exhaustion',
  role: 'client',
  goal: `make ${REQUESTS} requests to the server with only 50 local ports, and none may fail`,
  hints: [
    'Send every request on one connection: HTTP/1.1 keeps a connection open unless told otherwise (an http.Agent with keepAlive: true does it for you).',
    'Or let the server close first (send "Connection: close"): the TIME-WAIT then lands on the server, whose port is fixed.',
    'Read PORT from the environment and connect to 127.0.0.1; the server speaks HTTP/1.1.',
    'tcplabs run time-wait-ports shows all three ways out, measured.',
  ],
  starter: 'exercise/no-port-exhaustion-starter.ts',
  solution: 'exercise/no-port-exhaustion-solution.ts',
  why: 'Three ways out',
  plan,
};
