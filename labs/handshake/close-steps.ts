// The run after the handshake: the client's first data, then the close it begins, in four
// segments, with the passive closer's delayed ACK and TIME-WAIT on the client only.

import type { Packet } from '../../checker/packets.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { mark, pause, signal, step, waitCapture, waitFor } from '../kit/plan.ts';
import * as segments from './capture-checks.ts';

/** TCP_DELACK_MIN is 40 ms; a jiffy-based timer may fire up to one jiffy (10 ms at HZ=100) early. */
const DELAYED_ACK_MIN_MS = 25;

/** Wait until the capture holds a segment the choreography needs before it goes on. */
export function seen(what: string, find: (packets: readonly Packet[]) => Packet | null | undefined) {
  return waitCapture(what, (packets) => Boolean(find(packets)), 5000);
}

/** Data, then the close the client begins: four segments, TIME-WAIT on the client only. */
export function dataAndCloseSteps({ port, scale, the }: PlanInput): Step[] {
  const wire = segments.onTheWire(port);
  return [
    step(
      'the client writes "Connect success" (data →)',
      waitFor('server', /read "Connect success"/),
      wire(
        'data-starts-at-x-plus-1',
        segments.judgeFirstData,
        'the first data byte is numbered x+1 (the SYN used one sequence number), and the server ACKs the end of it',
      ),
    ),
    step(
      'the client closes first (FIN →); the server kernel ACKs it (← ACK)',
      // The seed's client sleeps 3 s before closing.
      pause(scale(3000)),
      mark('close'),
      signal('client', 'SIGUSR2'),
      waitFor('server', /read EOF/),
      seen("server's ACK of the client's FIN", (all) => segments.findClose(all, port)?.ackOfFirst),
      wire(
        'fin-ack-delayed',
        segments.judgeDelayedFinAck(DELAYED_ACK_MIN_MS),
        `the server's kernel ACKs the FIN by itself, but not at once: ≥ ${DELAYED_ACK_MIN_MS} ms later (a delayed ACK, about 40 ms), in case its program closes and the ACK can ride on its FIN`,
      ),
      the.counter('delayed-ack-counted', 'TcpExtDelayedACKs', '>=', 1, {
        since: 'close',
        text: 'TcpExtDelayedACKs grew: that ACK left when the delayed-ACK timer fired',
      }),
      the.client.is('client-fin-wait-2', 'FIN-WAIT-2'),
      the.server.is('server-close-wait', 'CLOSE-WAIT', {
        text: 'within 1 s, the server side is CLOSE-WAIT: its kernel ACKed the FIN, its program has not closed',
      }),
    ),
    step(
      'the server closes (← FIN); the client ACKs it and holds TIME-WAIT',
      pause(scale(1000)),
      signal('server', 'SIGUSR2'),
      waitFor('client', /read EOF/),
      seen("client's ACK of the server's FIN", (all) => segments.findClose(all, port)?.lastAck),
      wire(
        'four-segment-close',
        segments.judgeFourSegmentClose,
        'the close is four segments: client FIN/ACK →, ← ACK, ← FIN/ACK (ack = its FIN + 1), ACK →',
      ),
      wire('every-fin-carries-ack', segments.judgeFinsCarryAck, 'every FIN carries ACK (seed 001 writes FIN=1, ACK=0)'),
      the.client.timer('client-time-wait', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 50_000,
        maxMs: 60_000,
        text: 'within 1 s, the client, which closed first, is TIME-WAIT, its timer counting down from 60 s (seed 002 says 30 s)',
      }),
      the.server.count('server-side-gone', 'LAST-ACK', '==', 0, {
        text: 'within 1 s, the server side has left LAST-ACK (the last ACK arrived)',
      }),
      the.server.count('server-no-time-wait', 'TIME-WAIT', '==', 0, {
        within: 0,
        text: 'the server, the passive closer, holds no TIME-WAIT',
      }),
    ),
  ];
}
