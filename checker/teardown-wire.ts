// Reading one connection's teardown off the capture: which port a client program says it
// dialed from, the segments between that port and the server's, and each segment in words.
// The teardown labs (rst-abort, lost-final-ack) judge FINs, RSTs and ACKs with these.

import { flagName, type Packet } from './packets.ts';
import { formatEndpoint } from './socket.ts';

/** The port a program printed as its own ("… from port 40002"), or null before it did. */
export function printedPort(lines: readonly string[]): number | null {
  for (const line of lines) {
    const match = /from port (\d+)/.exec(line);
    if (match) return Number(match[1]);
  }
  return null;
}

/** Every captured segment between a client port and a server port, both ways, in order. */
export function segmentsBetween(packets: readonly Packet[], clientPort: number, serverPort: number): Packet[] {
  return packets.filter(
    (p) =>
      (p.src.port === clientPort && p.dst.port === serverPort) ||
      (p.src.port === serverPort && p.dst.port === clientPort),
  );
}

/** `FIN/ACK 127.0.0.1:8818 → 127.0.0.1:40002 at +1234.5 ms`. */
export function describeSegment(packet: Packet): string {
  const at = Math.round(packet.tMs * 10) / 10;
  return `${flagName(packet)} ${formatEndpoint(packet.src)} → ${formatEndpoint(packet.dst)} at +${at} ms`;
}

/** A pure ACK: ACK set, no SYN, FIN, RST or data (what the final ACK of a close is). */
export function isPureAck(packet: Packet): boolean {
  const others = packet.flags.filter((flag) => flag !== 'ACK');
  return packet.flags.includes('ACK') && others.length === 0 && packet.length === 0;
}
