// somaxconn caps the backlog when listen() is called. Its one step needs net.core.somaxconn,
// which kernels before 6.3 hide in a namespace an unprivileged user owns: there the step is
// skipped, saying why, and the rest of the lab runs.

import { whereSysctl } from '../kit/availability.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { start, step, sysctl, waitFor } from '../kit/plan.ts';
import { t } from './messages.ts';
import { BACKLOG, START_MS } from './overflow.ts';

const SOMAXCONN = 'net.core.somaxconn';
const SMALL_SOMAXCONN = 2;

export function somaxconnStep({ port, the }: PlanInput): Step {
  const smallPort = port + 1;
  return step(
    {
      title: t('step.somaxconn', { small: SMALL_SOMAXCONN, port: smallPort, backlog: BACKLOG }),
      when: whereSysctl(SOMAXCONN),
    },
    sysctl(SOMAXCONN, SMALL_SOMAXCONN),
    the.listener.queue(
      'somaxconn-at-listen-time',
      { sendQ: ['==', BACKLOG] },
      { within: 0, text: t('expect.somaxconnAtListen', { port, backlog: BACKLOG }) },
    ),
    start('small server', { env: { PORT: String(smallPort), BACKLOG: String(BACKLOG) }, listening: smallPort }),
    waitFor('small server', /event loop stuck/),
    the.listener.queue(
      'somaxconn-limit',
      { sendQ: ['==', SMALL_SOMAXCONN] },
      {
        port: smallPort,
        text: t('expect.somaxconnLimit', { port: smallPort, small: SMALL_SOMAXCONN, backlog: BACKLOG }),
      },
    ),
    start('small-server clients', {
      env: { PORT: String(smallPort), COUNT: String(SMALL_SOMAXCONN + 1) },
      until: new RegExp(`client ${SMALL_SOMAXCONN + 1}: connected`),
      timeoutMs: START_MS,
    }),
    the.listener.queue(
      'somaxconn-full',
      { recvQ: ['==', SMALL_SOMAXCONN + 1] },
      {
        port: smallPort,
        within: 2000,
        text: t('expect.somaxconnFull', { n: SMALL_SOMAXCONN + 1 }),
      },
    ),
  );
}
