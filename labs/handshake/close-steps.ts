// The run after the handshake: the client's first data, then the close it begins, in four
// segments, with the passive closer's delayed ACK and TIME-WAIT on the client only.

import type { Packet } from '../../checker/packets.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { mark, pause, signal, step, waitCapture, waitFor } from '../kit/plan.ts';
import * as segments from './capture-checks.ts';
import { t } from './messages.ts';

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
      t('data.step'),
      waitFor('server', /read "Connect success"/),
      wire('data-starts-at-x-plus-1', segments.judgeFirstData, t('data.x1')),
    ),
    step(
      {
        title: t('close.step'),
        predict: {
          question: t('close.predict'),
          expectation: 'server-close-wait',
          choices: ['ESTAB', 'FIN-WAIT-2', 'CLOSE-WAIT', 'LAST-ACK'],
        },
      },
      // The seed's client sleeps 3 s before closing.
      pause(scale(3000)),
      mark('close'),
      signal('client', 'SIGUSR2'),
      waitFor('server', /read EOF/),
      seen(t('seen.ackOfFirst'), (all) => segments.findClose(all, port)?.ackOfFirst),
      wire(
        'fin-ack-delayed',
        segments.judgeDelayedFinAck(DELAYED_ACK_MIN_MS),
        t('close.delayed', { ms: DELAYED_ACK_MIN_MS }),
      ),
      the.counter('delayed-ack-counted', 'TcpExtDelayedACKs', '>=', 1, {
        since: 'close',
        text: t('close.delayedCounted'),
      }),
      the.client.is('client-fin-wait-2', 'FIN-WAIT-2'),
      the.server.is('server-close-wait', 'CLOSE-WAIT', {
        text: t('close.serverCloseWait'),
      }),
    ),
    step(
      {
        title: t('end.step'),
        predict: {
          question: t('end.predict'),
          expectation: 'client-time-wait',
          choices: ['FIN-WAIT-2', 'LAST-ACK', 'TIME-WAIT', 'CLOSED'],
        },
      },
      pause(scale(1000)),
      signal('server', 'SIGUSR2'),
      waitFor('client', /read EOF/),
      seen(t('seen.lastAck'), (all) => segments.findClose(all, port)?.lastAck),
      wire('four-segment-close', segments.judgeFourSegmentClose, t('end.four')),
      wire('every-fin-carries-ack', segments.judgeFinsCarryAck, t('end.finsAck')),
      the.client.timer('client-time-wait', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 50_000,
        maxMs: 60_000,
        text: t('end.timeWait'),
      }),
      the.server.count('server-side-gone', 'LAST-ACK', '==', 0, {
        text: t('end.lastAckGone'),
      }),
      the.server.count('server-no-time-wait', 'TIME-WAIT', '==', 0, {
        within: 0,
        text: t('end.noTimeWait'),
      }),
    ),
  ];
}
