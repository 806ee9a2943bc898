// The exercise: a server whose event loop is never blocked, so it accepts a burst of
// connections as fast as they complete and the accept queue never overflows. The learner's
// file plays the server; the kit dials the burst and judges it on the kernel.

import type { Expectation } from '../../checker/expect.ts';
import { isSyn, tcpdumpCommand } from '../../checker/packets.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step } from '../kit/plan.ts';
import { BACKLOG, START_MS } from './overflow.ts';

/**
 * Twice what the queue holds (backlog + 1), 100 ms apart: under a second in all. A stuck
 * server takes the first five and no more; a free one would have to fall 0.4 s behind to
 * overflow, which a slow, loaded machine does not (at 25 ms apart, an emulated 6.1 guest's
 * first accepts came 120 ms late: too close).
 */
const BURST = 2 * (BACKLOG + 1);
const GAP_MS = 100;
/** The burst's last client dials at 0.9 s; a dropped SYN would be resent 1 s after it. */
const SETTLED_MS = 4000;

/**
 * bound.ts passes `hint` on only for the.server/the.client builders; the queue, counter and
 * output builders drop it, so the hint is put on here.
 */
function hinted(expectation: Expectation, hint: string): Expectation {
  return { ...expectation, hint };
}

/** From the capture: every burst client sent its SYN once (a dropped SYN is resent 1 s later). */
function expectNoSynResent(port: number, hint: string): Expectation {
  return {
    id: 'burst-no-syn-resent',
    text: `every client of the burst sent its SYN once: none was dropped at a full queue and resent`,
    command: tcpdumpCommand(`tcp dst port ${port} and tcp[tcpflags] == tcp-syn`),
    within: 0,
    hint,
    async attempt(env) {
      const perPort = new Map<number, number>();
      for (const p of env.packets()) {
        if (isSyn(p) && p.dst.port === port) perPort.set(p.src.port, (perPort.get(p.src.port) ?? 0) + 1);
      }
      const resent = [...perPort.values()].filter((n) => n > 1).length;
      return {
        ok: perPort.size >= BURST && resent === 0,
        observed: `${perPort.size} clients' SYNs, ${resent} of them resent`,
      };
    },
  };
}

/** The learner's server takes a burst of BURST clients without dropping a SYN. */
export function drainBurstPlan({ port, the }: PlanInput): Step[] {
  return [
    step(
      `your server listens on :${port} with backlog ${BACKLOG} (BACKLOG in its environment)`,
      start('server', { env: { BACKLOG: String(BACKLOG) }, listening: true, timeoutMs: START_MS }),
      hinted(
        the.listener.queue(
          'burst-listener-limit',
          { sendQ: ['==', BACKLOG] },
          {
            text: `the listener's limit (Send-Q) is ${BACKLOG}: the queue holds ${BACKLOG + 1}, fewer than the burst`,
          },
        ),
        "listen with the backlog the kit gives you: server.listen({ port, host: '127.0.0.1', backlog: Number(process.env.BACKLOG) })",
      ),
    ),
    step(
      `a burst: ${BURST} clients, ${GAP_MS} ms apart, twice what the accept queue holds`,
      mark('burst'),
      start('burst clients', {
        env: { COUNT: String(BURST), GAP_MS: String(GAP_MS) },
        until: /dialing/,
        timeoutMs: START_MS,
      }),
      hinted(
        the.output('burst-all-connected', 'burst clients', new RegExp(`client ${BURST}: connected`), {
          within: SETTLED_MS,
          text: `within ${SETTLED_MS / 1000} s, the last of the ${BURST} clients is connected`,
        }),
        'the last clients never got in: their SYNs found the accept queue full and were dropped, again and again; your server is not calling accept() (something keeps its event loop busy)',
      ),
      hinted(
        the.counter('burst-no-overflow', 'TcpExtListenOverflows', '==', 0, {
          since: 'burst',
          within: 0,
          text: 'TcpExtListenOverflows did not grow: no connection ever found the accept queue full',
        }),
        'the accept queue overflowed: connections waited there while your event loop was busy; do the slow work asynchronously (await, a timer, a worker), never in a synchronous call',
      ),
      expectNoSynResent(
        port,
        "clients' SYNs were dropped and resent a second later: a SYN that finds the accept queue full is dropped, so an event loop that accepts late costs each client a second",
      ),
      hinted(
        the.listener.queue(
          'burst-queue-drained',
          { recvQ: ['==', 0] },
          {
            within: 1000,
            text: 'within 1 s, the LISTEN Recv-Q is 0: every connection was accepted',
          },
        ),
        'connections are still waiting in the accept queue (Recv-Q > 0): nothing takes them out, because your event loop never gets to accept()',
      ),
    ),
  ];
}

export const drainBurst: Exercise = {
  id: 'drain-burst',
  role: 'server',
  goal: `accept a burst of ${BURST} connections on a backlog of ${BACKLOG} without one dropped SYN: never block the event loop`,
  hints: [
    'The starter waits for its release file in a synchronous loop (Atomics.wait): keep waiting for it, but with await or a timer, so the loop runs between checks.',
    'Anything synchronous and slow (readFileSync on a slow disk, a huge JSON.parse, a busy loop) stops accept() the same way; move it off the loop (async APIs, setImmediate chunks, a worker thread).',
    'Read PORT and BACKLOG from process.env and listen on 127.0.0.1.',
    'tcplabs run accept-queue shows what the stuck server does to the queue.',
  ],
  starter: 'exercise/drain-burst-starter.ts',
  solution: 'exercise/drain-burst-solution.ts',
  why: 'Why a free event loop drains a burst',
  plan: drainBurstPlan,
};
