// The exercise: a server whose event loop is never blocked, so it accepts a burst of
// connections as fast as they complete and the accept queue never overflows. The learner's
// file plays the server; the kit dials the burst and judges it on the kernel.

import type { Expectation } from '../../checker/expect.ts';
import { isSyn, tcpdumpCommand } from '../../checker/packets.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step } from '../kit/plan.ts';
import { t } from './messages.ts';
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
    text: t('burst.expect.noSynResent'),
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
      t('burst.step.listens', { port, backlog: BACKLOG }),
      start('server', { env: { BACKLOG: String(BACKLOG) }, listening: true, timeoutMs: START_MS }),
      hinted(
        the.listener.queue(
          'burst-listener-limit',
          { sendQ: ['==', BACKLOG] },
          { text: t('burst.expect.limit', { backlog: BACKLOG, holds: BACKLOG + 1 }) },
        ),
        t('burst.hint.limit'),
      ),
    ),
    step(
      t('burst.step.burst', { n: BURST, gap: GAP_MS }),
      mark('burst'),
      start('burst clients', {
        env: { COUNT: String(BURST), GAP_MS: String(GAP_MS) },
        until: /dialing/,
        timeoutMs: START_MS,
      }),
      hinted(
        the.output('burst-all-connected', 'burst clients', new RegExp(`client ${BURST}: connected`), {
          within: SETTLED_MS,
          text: t('burst.expect.connected', { s: SETTLED_MS / 1000, n: BURST }),
        }),
        t('burst.hint.connected'),
      ),
      hinted(
        the.counter('burst-no-overflow', 'TcpExtListenOverflows', '==', 0, {
          since: 'burst',
          within: 0,
          text: t('burst.expect.noOverflow'),
        }),
        t('burst.hint.noOverflow'),
      ),
      expectNoSynResent(port, t('burst.hint.noSynResent')),
      hinted(
        the.listener.queue(
          'burst-queue-drained',
          { recvQ: ['==', 0] },
          {
            within: 1000,
            text: t('burst.expect.drained'),
          },
        ),
        t('burst.hint.drained'),
      ),
    ),
  ];
}

export const drainBurst: Exercise = {
  id: 'drain-burst',
  role: 'server',
  // Getters: the words follow the language without loading the lab again.
  get goal() {
    return t('exercise.goal', { n: BURST, backlog: BACKLOG });
  },
  get hints() {
    return [t('exercise.hint1'), t('exercise.hint2'), t('exercise.hint3'), t('exercise.hint4')];
  },
  starter: 'exercise/drain-burst-starter.ts',
  solution: 'exercise/drain-burst-solution.ts',
  get why() {
    return t('exercise.why');
  },
  plan: drainBurstPlan,
};
