// The full accept queue overflows: the late client's held-back ACK arrives and is dropped
// (tcp_abort_on_overflow=0), then answered with a RST (=1); a new client's SYN is dropped.

import type { PlanInput, Step } from '../kit/lab.ts';
import { dropNft, mark, note, start, step, sysctl, waitFor } from '../kit/plan.ts';

export const BACKLOG = 4;
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
        within: 5000,
        text: 'within 5 s, TcpExtListenOverflows grew: the handshake finished but the full queue had no room for it (the client resends its hello with backoff from 0.2 s, the server its SYN/ACK at 1, 3, 7 s)',
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
      waitFor('late client', /ECONNRESET/, 8000),
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
      start('new client', { env: { NAME: `client ${BACKLOG + 2}` } }),
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
