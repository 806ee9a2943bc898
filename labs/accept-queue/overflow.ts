// The full accept queue overflows: the late client's held-back ACK arrives and is dropped
// (tcp_abort_on_overflow=0), then answered with a RST (=1); a new client's SYN is dropped.

import type { PlanInput, Step } from '../kit/lab.ts';
import { dropNft, mark, note, start, step, sysctl, waitFor } from '../kit/plan.ts';
import { t } from './messages.ts';

export const BACKLOG = 4;
/**
 * How long the lab waits for the late client's next ACK to reach the server. Its hello is
 * resent 0.2, 0.6, 1.4, 3.0, 6.2, 12.6, 25.4 s after it connected (RTO from 200 ms, doubling),
 * and the server's SYN/ACK 1, 3, 7, 15, 31 s after the SYN, each drawing an ACK: in the first
 * 31 s no two of them are more than 10.4 s apart, however late a slow machine gets here.
 */
export const NEXT_LATE_ACK_MS = 12_000;
/**
 * How long the sixth client may still wait for its next SYN once the queue drained: its SYNs
 * leave at 0, 1, 2, 3, 4, 5, 7 s with linear timeouts, and at 0, 1, 3, 7, 15 s without them
 * (synGiveUp in checker/syn-give-up.ts); the drain comes well before 15 s.
 */
export const NEXT_SYN_WAIT_MS = 16_000;
/** Starting a program and waiting for its first line: generous, for slow machines. */
export const START_MS = 10_000;
/** The client whose final ACK the lab holds back comes from its own address. */
export const LATE = '127.0.0.3';
/** The nft table that holds back the late client's ACKs. */
export const HOLD_LATE_ACK = 'hold-late-ack';

export function overflowSteps({ the }: PlanInput): Step[] {
  return [
    step(
      {
        title: t('step.lateOverflow'),
        predict: {
          question: t('predict.lateOverflow'),
          expectation: 'late-still-syn-recv',
          choices: ['ESTAB', 'SYN-RECV', 'CLOSE-WAIT', 'CLOSED'],
        },
      },
      mark('overflow'),
      dropNft(HOLD_LATE_ACK),
      note(t('note.lateAck')),
      the.counter('late-ack-overflow', 'TcpExtListenOverflows', '>=', 1, {
        since: 'overflow',
        within: NEXT_LATE_ACK_MS,
        text: t('expect.lateAckOverflow'),
      }),
      the.server.count('late-still-syn-recv', 'SYN-RECV', '==', 1, {
        within: 0,
        text: t('expect.lateStillSynRecv'),
        answer: 'SYN-RECV',
      }),
    ),
    step(
      t('step.abort'),
      mark('abort'),
      sysctl('net.ipv4.tcp_abort_on_overflow', 1),
      waitFor('late client', /ECONNRESET/, NEXT_LATE_ACK_MS),
      the.output('late-reset', 'late client', /ECONNRESET/, {
        text: t('expect.lateReset'),
      }),
      the.counter('late-embryonic-reset', 'TcpExtEmbryonicRsts', '>=', 1, {
        since: 'abort',
        text: t('expect.lateEmbryonicReset'),
      }),
      the.server.count('late-request-gone', 'SYN-RECV', '==', 0, {
        text: t('expect.lateRequestGone'),
      }),
    ),
    step(
      {
        title: t('step.newClient'),
        predict: {
          question: t('predict.newClient'),
          expectation: 'new-client-syn-sent',
          choices: ['ESTAB', 'SYN-SENT', 'SYN-RECV', t('choice.reset')],
        },
      },
      mark('syn-drop'),
      start('new client', { env: { NAME: `client ${BACKLOG + 2}` }, until: /dialing/, timeoutMs: START_MS }),
      the.client.count('new-client-syn-sent', 'SYN-SENT', '==', 1, {
        within: 2000,
        text: t('expect.newClientSynSent'),
        answer: 'SYN-SENT',
      }),
      the.counter('new-syn-first-overflow', 'TcpExtListenOverflows', '>=', 1, {
        since: 'syn-drop',
        text: t('expect.newSynFirstOverflow'),
      }),
    ),
  ];
}
