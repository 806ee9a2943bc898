import { defineLab, playing } from '../kit/lab.ts';
import { nft, start, step, waitFor } from '../kit/plan.ts';
import { classifyClients, dropOnArrival } from '../syn-flood/queue-labs.ts';
import { drainBurst } from './drain.ts';
import { gaveUpStep } from './gave-up.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { BACKLOG, HOLD_LATE_ACK, LATE, overflowSteps, START_MS } from './overflow.ts';
import { recoverySteps } from './recovery.ts';
import { somaxconnStep } from './somaxconn.ts';

export default defineLab({
  id: 'accept-queue',
  get title() {
    return t('title');
  },
  topic: 'handshake',
  seed: '003',
  get summary() {
    return t('summary');
  },
  needs: {
    nft: true,
    tcpdump: true,
    // net.core.somaxconn is not here: the lab runs without it (4096 in a new namespace), and
    // its one step that changes it is skipped where the namespace hides it (somaxconn.ts).
    sysctls: { 'net.ipv4.tcp_abort_on_overflow': 0, 'net.ipv4.tcp_syncookies': 1 },
  },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server', 'small server'),
    ...playing('client', 'client.ts', 'client', 'late client', 'new client', 'small-server clients', 'burst clients'),
  },
  exercises: [drainBurst],
  get interview() {
    return interviewQuestions();
  },
  classify: classifyClients((address) => (address === LATE ? 'late client' : 'client')),
  // Kernel timers the run waits on: the late client's next ACKs (its hello resent with backoff
  // from 0.2 s, the server's SYN/ACK at 1, 3, 7 s: the first arrival overflows, the next is
  // reset), then the sixth client's SYN retries (1 s apart, or 1, 2, 4 s without linear
  // timeouts): the lab sees the first, and a later one gets in once the queue drains.
  floorMs: 2600,
  timeoutMs: 60_000,
  plan: (input) => {
    const { port, the } = input;
    return [
      step(
        t('step.listens', { port, backlog: BACKLOG }),
        start('server', { env: { BACKLOG: String(BACKLOG) }, listening: true }),
        waitFor('server', /event loop stuck/),
        the.listener.queue(
          'listener-limit',
          { recvQ: ['==', 0], sendQ: ['==', BACKLOG] },
          { text: t('expect.listenerLimit', { backlog: BACKLOG }) },
        ),
      ),
      step(
        t('step.late', { late: LATE }),
        nft(
          HOLD_LATE_ACK,
          dropOnArrival(`ip saddr ${LATE} tcp dport ${port} tcp flags & (syn | ack) == ack`),
          t('nft.holdLate'),
        ),
        start('late client', {
          env: { LOCAL_ADDRESS: LATE, NAME: 'late client' },
          until: /connected in/,
          timeoutMs: START_MS,
        }),
        the.client.is('late-client-established', 'ESTAB', {
          text: t('expect.lateEstablished'),
        }),
        the.server.count('late-server-syn-recv', 'SYN-RECV', '==', 1, {
          text: t('expect.lateSynRecv'),
        }),
      ),
      step(
        {
          title: t('step.fill', { n: BACKLOG + 1 }),
          predict: {
            question: t('predict.fill', { backlog: BACKLOG, n: BACKLOG + 1 }),
            expectation: 'queue-full',
            choices: [String(BACKLOG), String(BACKLOG + 1), String(2 * BACKLOG), '128'],
          },
        },
        start('client', {
          env: { COUNT: String(BACKLOG + 1) },
          until: new RegExp(`client ${BACKLOG + 1}: connected`),
          timeoutMs: START_MS,
        }),
        the.listener.queue(
          'queue-full',
          { recvQ: ['==', BACKLOG + 1], sendQ: ['==', BACKLOG] },
          {
            within: 2000,
            text: t('expect.queueFull', { n: BACKLOG + 1, backlog: BACKLOG }),
            answer: String(BACKLOG + 1),
          },
        ),
        the.server.count('queued-established', 'ESTAB', '==', BACKLOG + 1, {
          within: 0,
          text: t('expect.queuedEstablished', { n: BACKLOG + 1 }),
        }),
      ),
      gaveUpStep(input),
      ...overflowSteps(input),
      somaxconnStep(input),
      ...recoverySteps(input),
    ];
  },
});
