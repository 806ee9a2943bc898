// Which segments a state change implies, for the timeline's arrows. The sampler sees
// states, not packets; the TCP state machine (RFC 9293, figure 5) says which segment a
// side sent or received to make each move. We draw those as the seeds' diagrams do, and
// draw nothing where a change is ambiguous (a socket first seen ESTAB, one that vanished).
// The checker stays the authority: the verdict never rests on these arrows.

import type { Transition } from '../checker/timeline.ts';

export type SegmentName = 'SYN' | 'SYN/ACK' | 'ACK' | 'FIN' | 'FIN/ACK';

export interface ImpliedSegment {
  name: SegmentName;
  /** From this side's point of view. */
  way: 'sent' | 'received';
}

const s = (name: SegmentName): ImpliedSegment => ({ name, way: 'sent' });
const r = (name: SegmentName): ImpliedSegment => ({ name, way: 'received' });

/** `from>to` → what that side sent and received, in order. */
const BY_CHANGE: Record<string, ImpliedSegment[]> = {
  'null>SYN-SENT': [s('SYN')],
  'SYN-SENT>ESTAB': [r('SYN/ACK'), s('ACK')],
  'null>SYN-RECV': [r('SYN'), s('SYN/ACK')],
  'null>NEW-SYN-RECV': [r('SYN'), s('SYN/ACK')],
  'SYN-RECV>ESTAB': [r('ACK')],
  'NEW-SYN-RECV>ESTAB': [r('ACK')],
  'ESTAB>FIN-WAIT-1': [s('FIN')],
  'ESTAB>FIN-WAIT-2': [s('FIN'), r('ACK')],
  'FIN-WAIT-1>FIN-WAIT-2': [r('ACK')],
  'ESTAB>CLOSE-WAIT': [r('FIN'), s('ACK')],
  'CLOSE-WAIT>LAST-ACK': [s('FIN')],
  'CLOSE-WAIT>CLOSED': [s('FIN'), r('ACK')],
  'ESTAB>LAST-ACK': [r('FIN'), s('ACK'), s('FIN')],
  'LAST-ACK>CLOSED': [r('ACK')],
  'FIN-WAIT-2>TIME-WAIT': [r('FIN'), s('ACK')],
  'FIN-WAIT-1>TIME-WAIT': [r('FIN/ACK'), s('ACK')],
  'ESTAB>TIME-WAIT': [s('FIN'), r('ACK'), r('FIN'), s('ACK')],
  'FIN-WAIT-1>CLOSING': [r('FIN'), s('ACK')],
  'CLOSING>TIME-WAIT': [r('ACK')],
};

export function impliedSegments(transition: Pick<Transition, 'from' | 'to'>): ImpliedSegment[] {
  return BY_CHANGE[`${transition.from ?? 'null'}>${transition.to}`] ?? [];
}

export interface Arrow {
  name: SegmentName;
  /** Left to right is client → server. */
  direction: 'to-server' | 'to-client';
}

/**
 * The arrows for the changes seen in one sample: each segment once, whichever side's
 * change implied it (the client's "sent FIN" and the server's "received FIN" are one FIN).
 */
export function arrowsFor(changes: ReadonlyArray<{ side: 'client' | 'server'; transition: Transition }>): Arrow[] {
  const arrows: Arrow[] = [];
  for (const { side, transition } of changes) {
    for (const segment of impliedSegments(transition)) {
      const fromClient = (side === 'client') === (segment.way === 'sent');
      const direction = fromClient ? 'to-server' : 'to-client';
      if (!arrows.some((arrow) => arrow.name === segment.name && arrow.direction === direction)) {
        arrows.push({ name: segment.name, direction });
      }
    }
  }
  return arrows;
}
