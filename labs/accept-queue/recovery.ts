// The end of the stall: the new client's SYN was dropped and retried (never reset), then the
// event loop comes back, the queue drains, and the retried SYN gets in.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PlanInput, Step } from '../kit/lab.ts';
import { act, step, waitFor } from '../kit/plan.ts';
import { expectRetriedSyn } from '../syn-flood/half-open.ts';
import { connectTime } from '../syn-flood/queue-labs.ts';
import { expectListenDropsAreOverflows } from './listen-drops.ts';
import { t } from './messages.ts';
import { BACKLOG, NEXT_SYN_WAIT_MS } from './overflow.ts';

export function recoverySteps({ port, the }: PlanInput): Step[] {
  return [
    step(
      t('step.retried'),
      expectRetriedSyn({
        id: 'new-syn-dropped',
        port,
        from: '127.0.0.1',
        minRetrans: 1,
        within: 3000,
        text: t('expect.newSynDropped'),
      }),
      the.counter('new-syn-overflow', 'TcpExtListenOverflows', '>=', 2, {
        since: 'syn-drop',
        within: 0,
        text: t('expect.newSynOverflow'),
      }),
      expectListenDropsAreOverflows('listen-drops-are-overflows', 'syn-drop'),
    ),
    step(
      t('step.drain'),
      // The server's stall ends when this file exists (server.ts); the run's folder goes with the run.
      act(t('act.release'), (ctx) => writeFileSync(path.join(ctx.runDir, `unstick-${port}`), '')),
      waitFor('server', /event loop free again/),
      the.listener.queue('queue-drained', { recvQ: ['==', 0] }, { within: 2000, text: t('expect.queueDrained') }),
      waitFor('new client', /connected in/, NEXT_SYN_WAIT_MS),
      connectTime(
        the,
        'new-client-waited',
        'new client',
        `client ${BACKLOG + 2}'s connect()`,
        { minMs: 1000 },
        t('expect.newClientWaited', { n: BACKLOG + 2 }),
      ),
      the.output('all-accepted', 'server', new RegExp(`accepted #${BACKLOG + 2} `), {
        within: 2000,
        text: t('expect.allAccepted', { all: BACKLOG + 2, waited: BACKLOG + 1 }),
      }),
    ),
  ];
}
