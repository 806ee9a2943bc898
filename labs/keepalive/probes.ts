// Keepalive probes, read from a capture. A probe is a bare ACK (no data, no SYN, FIN or
// RST) that a silent client sends after its handshake; its sequence number is one below
// what the peer expects, so a live peer's kernel must answer it with an ACK. tcpdump prints
// no sequence number on bare ACKs, so we find probes by who sent them and when.

import type { Expectation } from '../../checker/expect.ts';
import { hasFlag, isSynAck, type Packet } from '../../checker/packets.ts';
import { describeTimes } from '../../checker/schedule.ts';

/** An answer is the peer's ACK within this long of the probe (loopback: microseconds). */
const ANSWER_WITHIN_MS = 200;

const isBareAck = (packet: Packet) =>
  hasFlag(packet, 'ACK') &&
  packet.length === 0 &&
  !hasFlag(packet, 'SYN') &&
  !hasFlag(packet, 'FIN') &&
  !hasFlag(packet, 'RST');

/** The segments between a client port and the server port, in order. */
export function conversation(packets: readonly Packet[], clientPort: number, serverPort: number): Packet[] {
  return packets.filter(
    (p) =>
      (p.src.port === clientPort && p.dst.port === serverPort) ||
      (p.src.port === serverPort && p.dst.port === clientPort),
  );
}

/** The client's probes: its bare ACKs after the handshake's own ACK. */
export function probesOf(packets: readonly Packet[], clientPort: number, serverPort: number): Packet[] {
  const segments = conversation(packets, clientPort, serverPort);
  const synAck = segments.findIndex((p) => p.src.port === serverPort && isSynAck(p));
  if (synAck < 0) return [];
  const fromClient = segments.slice(synAck + 1).filter((p) => p.src.port === clientPort);
  // The first segment the client sends after the SYN/ACK completes the handshake.
  return fromClient.slice(1).filter(isBareAck);
}

/** The server's answer to a probe, if it came. */
export function answerTo(packets: readonly Packet[], probe: Packet): Packet | undefined {
  return packets.find(
    (p) =>
      p.src.port === probe.dst.port &&
      p.dst.port === probe.src.port &&
      hasFlag(p, 'ACK') &&
      p.tMs >= probe.tMs &&
      p.tMs <= probe.tMs + ANSWER_WITHIN_MS,
  );
}

/**
 * A dead peer's schedule: the last segment heard from the server, then the client's
 * unanswered probes, then the client's RST when its kernel gives up.
 */
export function deadPeerSchedule(packets: readonly Packet[], clientPort: number, serverPort: number): Packet[] {
  const segments = conversation(packets, clientPort, serverPort);
  const lastHeard = segments.findLast((p) => p.src.port === serverPort);
  if (!lastHeard) return [];
  const probes = probesOf(packets, clientPort, serverPort).filter((p) => p.tMs > lastHeard.tMs);
  const reset = segments.find((p) => p.src.port === clientPort && hasFlag(p, 'RST'));
  return [lastHeard, ...probes, ...(reset ? [reset] : [])];
}

export interface AnsweredProbesSpec {
  id: string;
  text: string;
  command: readonly string[];
  packets: () => readonly Packet[];
  clientPort: () => number;
  serverPort: number;
  /** Only probes sent after this run time count. */
  afterMs: () => number;
  /** How many answered probes, and how far apart (nominal gap and tolerance). */
  count: number;
  gapMs: number;
  earlyMs: number;
  lateMs: number;
}

/** "After the freeze, 3 probes, each answered by the server's kernel, 2 s apart." */
export function expectAnsweredProbes(spec: AnsweredProbesSpec): Expectation {
  return {
    id: spec.id,
    text: spec.text,
    command: spec.command,
    within: 1000,
    async attempt() {
      const all = spec.packets();
      const probes = probesOf(all, spec.clientPort(), spec.serverPort).filter((p) => p.tMs > spec.afterMs());
      const answered = probes.filter((probe) => answerTo(all, probe) !== undefined);
      const gaps = probes.slice(1).map((probe, i) => probe.tMs - (probes[i] as Packet).tMs);
      const observed = `${probes.length} probes at run time ${describeTimes(probes)} after the first (gaps ${gaps.map((g) => `${(g / 1000).toFixed(3)} s`).join(', ') || 'none'}), ${answered.length} answered`;
      const ok =
        probes.length >= spec.count &&
        answered.length === probes.length &&
        gaps.every((gap) => gap >= spec.gapMs - spec.earlyMs && gap <= spec.gapMs + spec.lateMs);
      return { ok, observed };
    },
  };
}
