// The full accept queue overflows: the late client's held-back ACK arrives and is dropped
// (tcp_abort_on_overflow=0), then answered with a RST (=1); a new client's SYN is dropped.

import type { PlanInput, Step } from '../kit/lab.ts';
import { dropNft, mark, note, start, step, sysctl, waitFor } from '../kit/plan.ts';

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
      'nft lets the late ACK through; it arrives into the full queue (tcp_abort_on_overflow=0)',
      mark('overflow'),
      dropNft(HOLD_LATE_ACK),
      note("the late client's next ACK (a retransmitted hello, or the answer to a resent SYN/ACK) reaches the server"),
      the.counter('late-ack-overflow', 'TcpExtListenOverflows', '>=', 1, {
        since: 'overflow',
        within: NEXT_LATE_ACK_MS,
        text: "as soon as the late client's next ACK arrives, TcpExtListenOverflows grows: the handshake finished but the full queue had no room for it (the client resends its hello with backoff from 0.2 s, the server its SYN/ACK at 1, 3, 7 s)",
      }),
      the.server.count('late-still-syn-recv', 'SYN-RECV', '==', 1, {
        within: 0,
        text: 'the server dropped that ACK and kept the request in SYN-RECV; the client still believes it is connected',
      }),
    ),
    step(
      'tcp_abort_on_overflow=1: the next late ACK is answered with a RST',
      mark('abort'),
      sysctl('net.ipv4.tcp_abort_on_overflow', 1),
      waitFor('late client', /ECONNRESET/, NEXT_LATE_ACK_MS),
      the.output('late-reset', 'late client', /ECONNRESET/, {
        text: 'the late client gets ECONNRESET: its connection was "established" for it, never for the server',
      }),
      the.counter('late-embryonic-reset', 'TcpExtEmbryonicRsts', '>=', 1, {
        since: 'abort',
        text: 'within 1 s, TcpExtEmbryonicRsts grew: the kernel reset a connection still in SYN-RECV',
      }),
      the.server.count('late-request-gone', 'SYN-RECV', '==', 0, {
        text: 'within 1 s, no server-side SYN-RECV is left: the request was dropped with the RST',
      }),
    ),
    step(
      'another client connects to the full queue',
      mark('syn-drop'),
      start('new client', { env: { NAME: `client ${BACKLOG + 2}` }, until: /dialing/, timeoutMs: START_MS }),
      the.client.count('new-client-syn-sent', 'SYN-SENT', '==', 1, {
        within: 2000,
        text: 'within 2 s, the new client is SYN-SENT: no SYN/ACK came back',
      }),
      the.counter('new-syn-first-overflow', 'TcpExtListenOverflows', '>=', 1, {
        since: 'syn-drop',
        text: 'within 1 s, TcpExtListenOverflows grew: its SYN found the accept queue full and was dropped',
      }),
    ),
  ];
}
