// somaxconn caps the backlog when listen() is called. Its one step needs net.core.somaxconn,
// which kernels before 6.3 hide in a namespace an unprivileged user owns: there the step is
// skipped, saying why, and the rest of the lab runs.

import { whereSysctl } from '../kit/availability.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { start, step, sysctl, waitFor } from '../kit/plan.ts';
import { BACKLOG, START_MS } from './overflow.ts';

const SOMAXCONN = 'net.core.somaxconn';
const SMALL_SOMAXCONN = 2;

export function somaxconnStep({ port, the }: PlanInput): Step {
  const smallPort = port + 1;
  return step(
    {
      title: `meanwhile, somaxconn=${SMALL_SOMAXCONN}: a new listener on :${smallPort} asks for ${BACKLOG} and gets ${SMALL_SOMAXCONN}`,
      when: whereSysctl(SOMAXCONN),
    },
    sysctl(SOMAXCONN, SMALL_SOMAXCONN),
    the.listener.queue(
      'somaxconn-at-listen-time',
      { sendQ: ['==', BACKLOG] },
      {
        within: 0,
        text: `the listener on :${port} still shows Send-Q ${BACKLOG}: the cap is applied when listen() is called`,
      },
    ),
    start('small server', { env: { PORT: String(smallPort), BACKLOG: String(BACKLOG) }, listening: smallPort }),
    waitFor('small server', /event loop stuck/),
    the.listener.queue(
      'somaxconn-limit',
      { sendQ: ['==', SMALL_SOMAXCONN] },
      {
        port: smallPort,
        text: `the listener on :${smallPort} shows Send-Q ${SMALL_SOMAXCONN} = min(backlog ${BACKLOG}, somaxconn ${SMALL_SOMAXCONN})`,
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
        text: `within 2 s, its Recv-Q is ${SMALL_SOMAXCONN + 1} = min(backlog, somaxconn) + 1`,
      },
    ),
  );
}
