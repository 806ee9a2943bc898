// Keep-alive: three requests on one connection that the client closes when it is done. The
// demo plays it against the lab's keep-alive server; the exercise against the learner's.

import { settle } from '../close-wait-fixed/settle.ts';
import type { Bound } from '../kit/bound.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { start, step } from '../kit/plan.ts';

export const REQUESTS = 3;
/** The LESSON.md heading that explains why the fix works. */
export const KEEP_ALIVE_WHY = 'Why a keep-alive server holds no TIME-WAIT';

/** The server (`role`) on `port` must answer every request on one connection and let the client close. */
export function keepAliveSteps(the: Bound, role: string, client: string, port: number): Step[] {
  const env = { PORT: String(port), REQUESTS: String(REQUESTS), KEEP_ALIVE: '1' };
  return [
    step(`keep-alive server on :${port}`, start(role, { listening: port, env: { PORT: String(port) } })),
    step(
      {
        title: `${REQUESTS} requests on one connection, then the client closes`,
        predict: {
          question: `${REQUESTS} requests on one keep-alive connection, then the client closes. How many TIME-WAIT sockets does the server hold?`,
          expectation: 'keepalive-server-none',
          choices: ['0', '1', String(REQUESTS)],
        },
      },
      start(client, { env }),
      settle(client, /client: done/, 15_000),
      the.output('keepalive-all-answered', client, new RegExp(`got /${REQUESTS} on the same connection`), {
        within: 0,
        text: `all ${REQUESTS} requests were answered on the one connection`,
        hint: `your server answered fewer than ${REQUESTS} requests on one connection: it closed after an answer. Keep the socket open and send a Content-Length so the client knows where each answer ends`,
      }),
      the.client.count('keepalive-client-time-wait', 'TIME-WAIT', '==', 1, {
        port,
        text: `within 1 s, the client side of :${port} holds the one TIME-WAIT (it closed first)`,
        hint: 'the client holds no TIME-WAIT, so it was not the first to close: your server sent the first FIN',
      }),
      the.server.count('keepalive-server-none', 'TIME-WAIT', '==', 0, {
        port,
        within: 0,
        text: `the keep-alive server on :${port} holds no TIME-WAIT`,
        hint: 'your server holds TIME-WAIT: it closed the connection first. Do not end() after an answer; let the client close',
      }),
    ),
  ];
}

export const keepAliveExercise: Exercise = {
  id: 'keep-alive',
  role: 'server',
  goal: `answer ${REQUESTS} requests on one connection and let the client close, so your server holds no TIME-WAIT`,
  hints: [
    "node:http does it for you: http.createServer((req, res) => res.end('hello')) keeps HTTP/1.1 connections open.",
    'With node:net: answer "HTTP/1.1 200 OK" with a Content-Length header, and never call end() after an answer.',
    'Read the port from process.env.PORT and listen on 127.0.0.1.',
    'Run it yourself: tcplabs run time-wait-active-closer shows which side holds TIME-WAIT, and why.',
  ],
  starter: 'exercise/keep-alive-starter.ts',
  solution: 'exercise/keep-alive-solution.ts',
  why: KEEP_ALIVE_WHY,
  plan: ({ the, port }: PlanInput) => keepAliveSteps(the, 'server', 'client', port),
};
