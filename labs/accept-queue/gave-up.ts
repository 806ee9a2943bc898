// A client that gives up while its connection waits in the accept queue: it closes, the
// kernel takes the FIN in for a connection no program has accepted, and that connection sits
// in the queue in CLOSE-WAIT. TcpCurrEstab then tells which rule this kernel has: since
// "tcp: count CLOSE-WAIT sockets for TCP_MIB_CURRESTAB" (6.10, and the stable backports) it
// counts ESTABLISHED and CLOSE-WAIT, as RFC 1213 defines tcpCurrEstab; before, only
// ESTABLISHED (tcp_set_state() in net/ipv4/tcp.c).

import type { Expectation } from '../../checker/expect.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { mark, signal, step, waitFor } from '../kit/plan.ts';
import { t } from './messages.ts';
import { BACKLOG } from './overflow.ts';

/** The client side leaves ESTAB on every kernel (−1); the queued server side may or may not count. */
function expectCurrEstab(id: string, since: string): Expectation {
  return {
    id,
    text: t('expect.currEstab'),
    command: ['nstat', '-az', 'TcpCurrEstab'],
    within: 0,
    async attempt(env) {
      const delta = (await env.counterDeltas(since)).TcpCurrEstab ?? 0;
      const rule =
        delta === -1
          ? 'this kernel counts CLOSE-WAIT in TcpCurrEstab'
          : delta === -2
            ? 'this kernel counts only ESTAB'
            : 'neither rule';
      return { ok: delta === -1 || delta === -2, observed: `TcpCurrEstab ${delta}: ${rule}` };
    },
  };
}

export function gaveUpStep({ the }: PlanInput): Step {
  return step(
    {
      title: t('step.gaveUp'),
      predict: {
        question: t('predict.gaveUp'),
        expectation: 'queued-close-wait',
        choices: ['ESTAB', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED'],
      },
    },
    mark('gave-up'),
    signal('client', 'SIGUSR2'),
    waitFor('client', /gave up waiting/),
    the.server.count('queued-close-wait', 'CLOSE-WAIT', '==', 1, {
      within: 2000,
      text: t('expect.queuedCloseWait'),
      answer: 'CLOSE-WAIT',
    }),
    the.listener.queue(
      'close-wait-still-queued',
      { recvQ: ['==', BACKLOG + 1] },
      { within: 0, text: t('expect.closeWaitQueued', { n: BACKLOG + 1 }) },
    ),
    expectCurrEstab('curr-estab-close-wait', 'gave-up'),
  );
}
