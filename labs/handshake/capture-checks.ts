// What the capture must show, judged from tcpdump's segments alone: the handshake's
// numbers (seq x → ack x+1, seq y → ack y+1), a third segment that is ACK and not SYN, the
// SYN/ACK held until a retransmission, the close's four segments, and a FIN that always
// carries ACK. Judges are pure (segments in, verdict out); `onTheWire` retries one
// against a live capture like any other expectation.

import type { Attempt, Expectation } from '../../checker/expect.ts';
import {
  type Connection,
  fromClient,
  hasFlag,
  isSyn,
  isSynAck,
  type Packet,
  splitConnections,
  tcpdumpCommand,
} from '../../checker/packets.ts';
import type { Slack } from '../../checker/tolerance.ts';

export type Judge = (packets: readonly Packet[]) => Attempt;

/**
 * Expectations on the run's captured segments, bound to one port: `wire(id, judge, text)`
 * judges `judge(port)` against the capture, retried as more segments arrive.
 */
export function onTheWire(port: number) {
  const command = tcpdumpCommand(`tcp port ${port}`);
  return (id: string, judge: (port: number) => Judge, text: string): Expectation => {
    const judging = judge(port);
    return { id, text, command, within: 1000, attempt: async (env) => judging(env.packets()) };
  };
}

const plus1 = (n: number) => (n + 1) % 2 ** 32;
const flagsOf = (packet: Packet) => `[${packet.flagText}]`;
const at = (packet: Packet) => `+${(packet.tMs / 1000).toFixed(3)}s`;

/** The first connection to the port whose client SYN the capture holds. */
function connectionTo(packets: readonly Packet[], port: number): Connection | null {
  return splitConnections(packets, [port]).find((c) => c.server.port === port && c.clientIsn !== null) ?? null;
}

export interface Handshake {
  connection: Connection;
  syn: Packet;
  synAck: Packet | null;
  /** The client's first segment with ACK after the SYN/ACK: the handshake's third segment. */
  third: Packet | null;
}

export function findHandshake(packets: readonly Packet[], port: number): Handshake | null {
  const connection = connectionTo(packets, port);
  if (!connection) return null;
  const segments = connection.packets;
  const synAt = segments.findIndex((p) => fromClient(connection, p) && isSyn(p));
  const synAckAt = segments.findIndex((p, i) => i > synAt && !fromClient(connection, p) && isSynAck(p));
  const thirdAt =
    synAckAt < 0 ? -1 : segments.findIndex((p, i) => i > synAckAt && fromClient(connection, p) && hasFlag(p, 'ACK'));
  return {
    connection,
    syn: segments[synAt] as Packet,
    synAck: segments[synAckAt] ?? null,
    third: segments[thirdAt] ?? null,
  };
}

/** seq x → ack x+1 and seq y → ack y+1; every SYN the client sent carries the same x. */
export function judgeHandshakeNumbers(port: number): Judge {
  return (packets) => {
    const handshake = findHandshake(packets, port);
    if (!handshake) return { ok: false, observed: `no SYN to :${port} captured` };
    const { connection, syn, synAck, third } = handshake;
    const x = syn.seq as number;
    if (!synAck) return { ok: false, observed: `SYN seq x=${x} at ${at(syn)}; no SYN/ACK yet` };
    const y = synAck.seq as number;
    const synSeqs = connection.packets.filter((p) => fromClient(connection, p) && isSyn(p)).map((p) => p.seq);
    const sameX = synSeqs.every((seq) => seq === x);
    const parts = [
      `SYN seq x=${x}${synSeqs.length > 1 ? ` (sent ${synSeqs.length} times, ${sameX ? 'always' : 'not always'} x)` : ''}`,
      `SYN/ACK seq y=${y} ack ${synAck.ack}${synAck.ack === plus1(x) ? ' (x+1)' : ` (not x+1 = ${plus1(x)})`}`,
    ];
    if (!third) return { ok: false, observed: `${parts.join(' → ')} → no ACK from the client yet` };
    parts.push(`ACK ack ${third.ack}${third.ack === plus1(y) ? ' (y+1)' : ` (not y+1 = ${plus1(y)})`}`);
    const ok = sameX && synAck.ack === plus1(x) && third.ack === plus1(y);
    return { ok, observed: parts.join(' → ') };
  };
}

/** Seed 001 writes SYN=1 in the third segment: the kernel sends a bare ACK. */
export function judgeThirdSegment(port: number): Judge {
  return (packets) => {
    const handshake = findHandshake(packets, port);
    if (!handshake?.third) return { ok: false, observed: 'the handshake has no third segment yet' };
    const { connection, third } = handshake;
    const clientSynAcks = connection.packets.filter((p) => fromClient(connection, p) && isSynAck(p)).length;
    const ok = hasFlag(third, 'ACK') && !hasFlag(third, 'SYN') && clientSynAcks === 0;
    const what = hasFlag(third, 'SYN') ? 'SYN and ACK' : 'ACK, no SYN';
    const extra =
      clientSynAcks > 0 ? `; the client sent ${clientSynAcks} SYN/ACK` : '; the client never set SYN with ACK';
    return { ok, observed: `third segment flags ${flagsOf(third)} (${what}) at ${at(third)}${extra}` };
  };
}

/** Run time of each copy on a timer that starts at `firstMs` and doubles after `linear` 1 s waits. */
function copiesAt(linear: number, count: number): number[] {
  const times: number[] = [];
  let at = 0;
  let wait = 1000;
  for (let k = 1; k <= count; k++) {
    at += wait;
    times.push(at);
    // The kernel doubles the wait once the retransmissions outnumber the linear ones.
    if (k > linear) wait *= 2;
  }
  return times;
}

/**
 * When a held SYN/ACK may cross the wire, in ms after the SYN. The server resends it on its
 * own timer (1, 3, 7 s: it doubles). The client resends its SYN on its timer, and a resent SYN
 * makes the server answer at once and restart its own timer from then: 1 s (2 s, 4 s after
 * one or two resends of its own) later (net/ipv4/tcp_minisocks.c tcp_check_req(), "reset
 * timer after retransmitting SYNACK"). The client's timer doubles too (1, 3, 7 s) on kernels
 * without tcp_syn_linear_timeouts (before 6.5); with it (`linear` = its value, 4 by default)
 * the first linear + 1 waits are 1 s each: SYNs at 1, 2, 3, 4, 5 s, then 7 s
 * (net/ipv4/tcp_timer.c tcp_retransmit_timer()). A release well before 1 s meets the 1 s point.
 */
export function retransmissionPoints(linear: number | null): number[] {
  const server = copiesAt(0, 3);
  const client = copiesAt(linear ?? 0, (linear ?? 0) + 3);
  const restarted = client.flatMap((at) => [1000, 2000, 4000].map((wait) => at + wait));
  return [...new Set([...server, ...client, ...restarted])].filter((ms) => ms <= 7000).sort((a, b) => a - b);
}

/** The slack (earliness before a retransmission point, lateness after it) and the release. */
export interface HoldTiming extends Slack {
  /** When the lab started deleting the rule that dropped the SYN/ACK (run time, ms). */
  releasedAtMs: () => number | null;
  /** This kernel's retransmission points (retransmissionPoints of its linear timeouts). */
  points: () => readonly number[];
}

/** The held SYN/ACK reached the wire only after the release, at a retransmission point. */
export function judgeHeldSynAck(port: number, timing: HoldTiming): Judge {
  return (packets) => {
    const handshake = findHandshake(packets, port);
    const released = timing.releasedAtMs();
    if (!handshake?.synAck) return { ok: false, observed: 'no SYN/ACK on the wire yet' };
    const { syn, synAck } = handshake;
    const delay = synAck.tMs - syn.tMs;
    const point = timing.points().find((due) => delay >= due - timing.earlyMs && delay <= due + timing.lateMs);
    const afterRelease = released !== null && synAck.tMs >= released;
    const releasedText = released === null ? 'not released' : `released at +${(released / 1000).toFixed(3)}s`;
    const observed = `SYN at ${at(syn)}, ${releasedText}, first SYN/ACK on the wire at ${at(synAck)}: ${Math.round(delay)} ms after the SYN${point ? ` (the ${point / 1000} s retransmission)` : ''}`;
    return { ok: afterRelease && point !== undefined, observed };
  };
}

/** The client's data starts at x+1: the SYN used one sequence number. */
export function judgeFirstData(port: number): Judge {
  return (packets) => {
    const handshake = findHandshake(packets, port);
    if (!handshake) return { ok: false, observed: `no SYN to :${port} captured` };
    const { connection, syn } = handshake;
    const x = syn.seq as number;
    const data = connection.packets.find((p) => fromClient(connection, p) && p.length > 0 && !hasFlag(p, 'SYN'));
    if (!data) return { ok: false, observed: 'no data from the client yet' };
    const acked = connection.packets.find((p) => !fromClient(connection, p) && p.ack === data.seqEnd);
    const observed = `data seq ${data.seq}:${data.seqEnd} (${data.seq === plus1(x) ? 'x+1' : 'not x+1'}), length ${data.length}; ${acked ? `the server ACKed it with ack ${acked.ack}` : 'not ACKed yet'}`;
    return { ok: data.seq === plus1(x) && acked !== undefined, observed };
  };
}

export interface Close {
  connection: Connection;
  firstFin: Packet;
  /** The passive side's bare ACK of the first FIN. */
  ackOfFirst: Packet | null;
  secondFin: Packet | null;
  /** The active closer's ACK of the second FIN. */
  lastAck: Packet | null;
}

export function findClose(packets: readonly Packet[], port: number): Close | null {
  const connection = connectionTo(packets, port);
  if (!connection) return null;
  const segments = connection.packets;
  const firstAt = segments.findIndex((p) => hasFlag(p, 'FIN'));
  const firstFin = segments[firstAt];
  if (!firstFin) return null;
  const active = fromClient(connection, firstFin);
  const passive = (p: Packet) => fromClient(connection, p) !== active;
  const finAck = plus1(firstFin.seq as number);
  const ackAt = segments.findIndex((p, i) => i > firstAt && passive(p) && !hasFlag(p, 'FIN') && p.ack === finAck);
  const secondAt = segments.findIndex((p, i) => i > firstAt && passive(p) && hasFlag(p, 'FIN'));
  const secondFin = segments[secondAt];
  const lastAt =
    secondFin === undefined
      ? -1
      : segments.findIndex((p, i) => i > secondAt && !passive(p) && p.ack === plus1(secondFin.seq as number));
  return {
    connection,
    firstFin,
    ackOfFirst: segments[ackAt] ?? null,
    secondFin: secondFin ?? null,
    lastAck: segments[lastAt] ?? null,
  };
}

/** FIN/ACK →, ← ACK, ← FIN/ACK, ACK →: who sent the first FIN, and the numbers of all four. */
export function judgeFourSegmentClose(port: number): Judge {
  return (packets) => {
    const close = findClose(packets, port);
    if (!close) return { ok: false, observed: 'no FIN captured yet' };
    const { connection, firstFin, ackOfFirst, secondFin, lastAck } = close;
    const active = fromClient(connection, firstFin) ? 'client' : 'server';
    const passive = active === 'client' ? 'server' : 'client';
    const steps = [`${active} ${flagsOf(firstFin)} seq ${firstFin.seq}`];
    steps.push(
      ackOfFirst ? `${passive} ${flagsOf(ackOfFirst)} ack ${ackOfFirst.ack}` : `no separate ACK from the ${passive}`,
    );
    steps.push(
      secondFin ? `${passive} ${flagsOf(secondFin)} seq ${secondFin.seq} ack ${secondFin.ack}` : 'no second FIN yet',
    );
    if (secondFin) steps.push(lastAck ? `${active} ${flagsOf(lastAck)} ack ${lastAck.ack}` : 'no last ACK yet');
    const inOrder =
      ackOfFirst !== null &&
      secondFin !== null &&
      lastAck !== null &&
      ackOfFirst.tMs <= secondFin.tMs &&
      secondFin.ack === plus1(firstFin.seq as number);
    return { ok: active === 'client' && inOrder, observed: steps.join(' → ') };
  };
}

/** Seed 001 sends FIN with ACK=0: every FIN the kernel sent carries ACK. */
export function judgeFinsCarryAck(port: number): Judge {
  return (packets) => {
    const connection = connectionTo(packets, port);
    const fins = connection?.packets.filter((p) => hasFlag(p, 'FIN')) ?? [];
    if (fins.length < 2) return { ok: false, observed: `${fins.length} FIN captured so far` };
    const withAck = fins.filter((p) => hasFlag(p, 'ACK'));
    const flags = [...new Set(fins.map(flagsOf))].join(', ');
    return {
      ok: withAck.length === fins.length,
      observed: `${fins.length} FINs, ${withAck.length} with ACK: flags ${flags}`,
    };
  };
}

/**
 * The passive closer's kernel delays its ACK of the FIN: receiving a FIN puts the socket in
 * pingpong mode (net/ipv4/tcp_input.c tcp_fin()), betting that the program will close and the
 * ACK can ride on its FIN. The delayed-ACK timer is at least TCP_DELACK_MIN, 40 ms (one jiffy
 * less at worst); a program that closes later than that gets a bare ACK first.
 */
export function judgeDelayedFinAck(minMs: number) {
  return (port: number): Judge =>
    (packets) => {
      const close = findClose(packets, port);
      if (!close?.ackOfFirst) return { ok: false, observed: 'no separate ACK of the first FIN yet' };
      const { firstFin, ackOfFirst, secondFin } = close;
      const delay = ackOfFirst.tMs - firstFin.tMs;
      const beforeFin = secondFin === null || ackOfFirst.tMs <= secondFin.tMs;
      return {
        ok: delay >= minMs && beforeFin,
        observed: `FIN at ${at(firstFin)}, its bare ACK at ${at(ackOfFirst)}: ${delay.toFixed(1)} ms later${secondFin ? `, ${Math.round(secondFin.tMs - ackOfFirst.tMs)} ms before the second FIN` : ''}`,
      };
    };
}
