// Which segments a state change implies, for the timeline's arrows when there is no
// capture (with tcpdump the captured segments are drawn instead). The sampler sees states,
// not packets; the TCP state machine (RFC 9293, figure 5) says which segment a side sent
// or received to make each move. We draw only the segments a change makes certain, and
// nothing where a change has more than one cause:
// - CLOSE-WAIT → CLOSED and LAST-ACK → CLOSED: a close with unread data sends a RST, not
//   a FIN (tcp_close() in net/ipv4/tcp.c); a RST received, or the kernel giving up on
//   retransmissions, ends LAST-ACK as well as the last ACK does;
// - the ACK of a received FIN (→ CLOSE-WAIT, → LAST-ACK): the kernel delays it (tcp_fin()
//   enters pingpong mode), so a close within ~40 ms sends it inside the FIN, not apart;
// - FIN-WAIT-1 → TIME-WAIT, ESTAB → TIME-WAIT: the peer's FIN and its ACK of ours may be
//   one segment or two (FIN-WAIT-2 or CLOSING in between, between two samples).
// A socket first seen ESTAB, or one that vanished, implies nothing. The checker stays the
// authority: the verdict never rests on these arrows.

import type { Transition } from './timeline.ts';

export type SegmentName = 'SYN' | 'SYN/ACK' | 'ACK' | 'FIN';

export interface ImpliedSegment {
  name: SegmentName;
  /** From this side's point of view. */
  way: 'sent' | 'received';
}

const s = (name: SegmentName): ImpliedSegment => ({ name, way: 'sent' });
const r = (name: SegmentName): ImpliedSegment => ({ name, way: 'received' });

/** `from>to` → what that side certainly sent and received, in order. */
const BY_CHANGE: Record<string, ImpliedSegment[]> = {
  'null>SYN-SENT': [s('SYN')],
  // The third segment of the handshake always goes out, alone or carrying data.
  'SYN-SENT>ESTAB': [r('SYN/ACK'), s('ACK')],
  'null>SYN-RECV': [r('SYN'), s('SYN/ACK')],
  'null>NEW-SYN-RECV': [r('SYN'), s('SYN/ACK')],
  'SYN-RECV>ESTAB': [r('ACK')],
  'NEW-SYN-RECV>ESTAB': [r('ACK')],
  'ESTAB>FIN-WAIT-1': [s('FIN')],
  // FIN-WAIT-2 is reached only by an ACK of our FIN.
  'ESTAB>FIN-WAIT-2': [s('FIN'), r('ACK')],
  'FIN-WAIT-1>FIN-WAIT-2': [r('ACK')],
  'ESTAB>CLOSE-WAIT': [r('FIN')],
  'CLOSE-WAIT>LAST-ACK': [s('FIN')],
  'ESTAB>LAST-ACK': [r('FIN'), s('FIN')],
  // The ACK of the peer's FIN that TIME-WAIT and CLOSING begin with is sent at once (tcp_fin()).
  'FIN-WAIT-2>TIME-WAIT': [r('FIN'), s('ACK')],
  'FIN-WAIT-1>TIME-WAIT': [r('FIN'), s('ACK')],
  'ESTAB>TIME-WAIT': [s('FIN'), r('FIN'), s('ACK')],
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

type Change = { side: 'client' | 'server'; transition: Transition };

const same = (a: Arrow) => (b: Arrow) => a.name === b.name && a.direction === b.direction;

/**
 * Draws each segment once, though two changes imply it: the client's FIN-WAIT-1 says a FIN
 * was sent, the server's CLOSE-WAIT that it arrived — possibly in a later sample. A ledger
 * per connection remembers segments drawn at one end and not yet seen at the other.
 */
export class SegmentLedger {
  private readonly unmatched = new Map<string, { sent: Arrow[]; received: Arrow[] }>();

  arrows(conn: string, changes: readonly Change[]): Arrow[] {
    const ledger = this.unmatched.get(conn) ?? { sent: [], received: [] };
    this.unmatched.set(conn, ledger);
    const drawn: Arrow[] = [];
    for (const { side, transition } of changes) {
      for (const segment of impliedSegments(transition)) {
        const fromClient = (side === 'client') === (segment.way === 'sent');
        const arrow: Arrow = { name: segment.name, direction: fromClient ? 'to-server' : 'to-client' };
        // The other end of this segment was drawn already: that arrow stands for both.
        const other = segment.way === 'sent' ? ledger.received : ledger.sent;
        const at = other.findIndex(same(arrow));
        if (at >= 0) {
          other.splice(at, 1);
          continue;
        }
        (segment.way === 'sent' ? ledger.sent : ledger.received).push(arrow);
        drawn.push(arrow);
      }
    }
    return drawn;
  }
}

/** The arrows for the changes seen in one sample, each segment once. */
export function arrowsFor(changes: readonly Change[]): Arrow[] {
  return new SegmentLedger().arrows('', changes);
}
