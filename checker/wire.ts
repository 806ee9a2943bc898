// Every state change the wire implies, with the capture's microsecond times. A TCP state
// machine for each end of each connection reads the segments tcpdump saw, in order; a
// segment that the lab's nft rules dropped on arrival changes its sender, not its receiver.
//
// What it cannot see it does not invent: a request socket (the server's SYN-RECV before the
// final ACK; the kernel's NEW_SYN_RECV) is the poll's to show, and so is every change a
// timer makes without sending a segment (TIME-WAIT's end, an orphaned FIN-WAIT-2 reaped,
// connect() giving up). reconcile.ts merges both and drops what a snapshot contradicts.

import type { Packet } from './packets.ts';
import { hasFlag, isSyn, isSynAck, seqDistance } from './packets.ts';
import { type Endpoint, formatEndpoint, type TcpState } from './socket.ts';

export interface WireChange {
  tMs: number;
  /** This end, and the other. */
  local: Endpoint;
  peer: Endpoint;
  from: TcpState | null;
  to: TcpState | 'CLOSED';
}

type EndState = TcpState | 'CLOSED' | null;

interface End {
  address: Endpoint;
  state: EndState;
  /** The sequence number of this end's FIN, once sent. */
  finSeq: number | null;
  /** The seq of this end's SYN (client) or SYN/ACK (server). */
  isn: number | null;
  /**
   * A server's ESTAB on the final ACK, until the server sends anything but a SYN/ACK or RST.
   * A full accept queue drops that ACK (the server resends its SYN/ACK later), and
   * tcp_abort_on_overflow answers it with RST: either way no socket was ever ESTAB.
   */
  pending: WireChange | null;
  /**
   * The change into TIME-WAIT, until the end answers a FIN: a real TIME-WAIT ACKs a resent
   * FIN, while an end the kernel kept no TIME-WAIT for (tcp_max_tw_buckets reached) has no
   * socket left and answers with RST — then it went straight to CLOSED.
   */
  timeWait: WireChange | null;
  /** A FIN came again while this end was in TIME-WAIT: its answer (ACK or RST) tells. */
  finAgain: boolean;
}

interface Conn {
  client: End;
  server: End;
}

/** true when `ack` acknowledges sequence number `seq` (it covers seq + 1, mod 2^32). */
function acks(ack: number | null, seq: number | null): boolean {
  if (ack === null || seq === null) return false;
  const ahead = seqDistance(seq, ack);
  return ahead >= 1 && ahead < 2 ** 31;
}

function key(a: Endpoint, b: Endpoint): string {
  const [x, y] = [formatEndpoint(a), formatEndpoint(b)].sort();
  return `${x} ${y}`;
}

function newEnd(address: Endpoint): End {
  return { address, state: null, finSeq: null, isn: null, pending: null, timeWait: null, finAgain: false };
}

const LIVE: readonly EndState[] = [
  'SYN-SENT',
  'ESTAB',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'CLOSE-WAIT',
  'LAST-ACK',
  'CLOSING',
  'TIME-WAIT',
];

/**
 * Reads segments one at a time. `onChange` hears each change once it is certain: at once,
 * or for a server's ESTAB on the final ACK, once the server has sent something that shows it.
 */
export class WireMachine {
  readonly changes: WireChange[] = [];
  private readonly conns = new Map<string, Conn>();

  constructor(private readonly onChange: (change: WireChange) => void = () => {}) {}

  private move(end: End, other: End, tMs: number, to: TcpState | 'CLOSED', from: EndState = end.state): WireChange {
    const change = { tMs, local: end.address, peer: other.address, from: from === 'CLOSED' ? null : from, to };
    // A socket the wire never saw open has nothing to close.
    const news = end.state !== to && !(end.state === null && to === 'CLOSED');
    end.state = to;
    if (news) this.changes.push(change);
    if (news && !(from === 'SYN-RECV' && to === 'ESTAB')) this.onChange(change);
    return change;
  }

  /** The final ACK did not make a socket after all: take its ESTAB back. */
  private retract(end: End): void {
    const at = this.changes.indexOf(end.pending as WireChange);
    if (at >= 0) this.changes.splice(at, 1);
    end.pending = null;
    end.state = null;
  }

  private confirm(end: End): void {
    if (end.pending) this.onChange(end.pending);
    end.pending = null;
  }

  /** The connection a segment belongs to; a SYN after the last one ended starts a new one. */
  private connOf(packet: Packet): Conn | null {
    const k = key(packet.src, packet.dst);
    let conn = this.conns.get(k);
    const ended = conn && !LIVE.includes(conn.client.state) && !LIVE.includes(conn.server.state);
    const ends = conn ? [conn.client, conn.server] : [];
    // A new SYN on a 4-tuple still in TIME-WAIT takes it over (tcp_tw_reuse, or a server's
    // TIME-WAIT accepting a newer SYN): the TIME-WAIT socket is gone.
    const reused = isSyn(packet) && conn?.client.isn !== packet.seq && ends.some((e) => e.state === 'TIME-WAIT');
    if (isSyn(packet) && (!conn || ended || reused)) {
      if (conn && reused) {
        this.move(conn.client, conn.server, packet.tMs, 'CLOSED');
        this.move(conn.server, conn.client, packet.tMs, 'CLOSED');
      }
      conn = { client: newEnd(packet.src), server: newEnd(packet.dst) };
      this.conns.set(k, conn);
    }
    return conn ?? null;
  }

  read(packet: Packet, delivered: boolean): void {
    const conn = this.connOf(packet);
    if (!conn) return;
    const fromClient = formatEndpoint(packet.src) === formatEndpoint(conn.client.address);
    const [sender, receiver] = fromClient ? [conn.client, conn.server] : [conn.server, conn.client];
    this.send(sender, receiver, packet);
    if (delivered) this.receive(receiver, sender, packet, conn);
  }

  /** What sending a segment says about its sender. */
  private send(end: End, other: End, p: Packet): void {
    if (end.pending) {
      if (isSynAck(p) || hasFlag(p, 'RST')) {
        this.retract(end);
        return;
      }
      this.confirm(end);
    }
    if (isSyn(p) && end.state === null) {
      end.isn = p.seq;
      this.move(end, other, p.tMs, 'SYN-SENT');
    }
    if (isSynAck(p) && end.isn === null) end.isn = p.seq;
    if (end.state === 'TIME-WAIT' && end.finAgain && end.timeWait) {
      end.finAgain = false;
      if (hasFlag(p, 'RST')) {
        // No TIME-WAIT was kept: the change that said so was a close.
        end.timeWait.to = 'CLOSED';
        end.state = 'CLOSED';
        end.timeWait = null;
        return;
      }
      end.timeWait = null;
    }
    if (hasFlag(p, 'RST') && LIVE.includes(end.state)) this.move(end, other, p.tMs, 'CLOSED');
    if (hasFlag(p, 'FIN') && end.finSeq === null) {
      end.finSeq = p.seqEnd ?? p.seq;
      if (end.state === 'ESTAB') this.move(end, other, p.tMs, 'FIN-WAIT-1');
      else if (end.state === 'CLOSE-WAIT') this.move(end, other, p.tMs, 'LAST-ACK');
    }
  }

  /** What receiving a segment does to its receiver: the ACK first, then the FIN. */
  private receive(end: End, other: End, p: Packet, conn: Conn): void {
    if (hasFlag(p, 'RST')) {
      if (LIVE.includes(end.state)) this.move(end, other, p.tMs, 'CLOSED');
      return;
    }
    if (isSynAck(p) && end.state === 'SYN-SENT' && acks(p.ack, end.isn)) this.move(end, other, p.tMs, 'ESTAB');
    const isServer = end === conn.server;
    // The final ACK turns the server's request into a full socket: SYN-RECV → ESTAB.
    if (isServer && end.state === null && !isSyn(p) && acks(p.ack, end.isn)) {
      end.pending = this.move(end, other, p.tMs, 'ESTAB', 'SYN-RECV');
    }
    if (hasFlag(p, 'ACK') && acks(p.ack, end.finSeq)) {
      if (end.state === 'FIN-WAIT-1') this.move(end, other, p.tMs, 'FIN-WAIT-2');
      else if (end.state === 'CLOSING') end.timeWait = this.move(end, other, p.tMs, 'TIME-WAIT');
      else if (end.state === 'LAST-ACK') this.move(end, other, p.tMs, 'CLOSED');
    }
    if (!hasFlag(p, 'FIN')) return;
    if (end.state === 'TIME-WAIT') end.finAgain = true;
    if (end.state === 'ESTAB') this.move(end, other, p.tMs, 'CLOSE-WAIT');
    else if (end.state === 'FIN-WAIT-1') this.move(end, other, p.tMs, 'CLOSING');
    else if (end.state === 'FIN-WAIT-2') end.timeWait = this.move(end, other, p.tMs, 'TIME-WAIT');
  }
}

/**
 * The state changes a capture implies, in capture order. `dropped` says which captured
 * segments never reached their receiver (the lab's nft rules, checker/nft-rules.ts).
 */
export function wireChanges(packets: readonly Packet[], dropped: (packet: Packet) => boolean = () => false) {
  const machine = new WireMachine();
  for (const packet of packets) machine.read(packet, !dropped(packet));
  return machine.changes;
}
