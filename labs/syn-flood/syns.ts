// One legitimate client's handshake as the capture shows it: how many times it sent its SYN
// before the SYN/ACK came. Judged from the wire, not from the time connect() took, which a
// slow machine stretches (a starved event loop) without the kernel doing anything.

import type { Expectation } from '../../checker/expect.ts';
import { isSyn, isSynAck, type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import { LEGIT } from './flood.ts';

/** The port a client printed ("connected in 7 ms from port 40002"), or null. */
export function clientPort(lines: readonly string[]): number | null {
  const line = lines.find((text) => /connected in \d+ ms from port \d+/.test(text));
  return line ? Number(/from port (\d+)/.exec(line)?.[1]) : null;
}

/** The SYNs a legitimate client sent to `port` before its SYN/ACK (all of them, with none yet). */
export function synsBeforeAnswer(packets: readonly Packet[], port: number, from: number | null) {
  const mine = (p: Packet) => p.src.address === LEGIT && p.dst.port === port && (from === null || p.src.port === from);
  const syns = packets.filter((p) => isSyn(p) && mine(p));
  const first = syns[0];
  const answer = first
    ? packets.find((p) => isSynAck(p) && p.src.port === port && p.dst.port === first.src.port)
    : undefined;
  return { syns: syns.filter((p) => p.src.port === first?.src.port && (!answer || p.tMs <= answer.tMs)), answer };
}

/** "tcpdump saw one SYN from the client, answered N ms later": no SYN of it was dropped. */
export function expectFirstSynAnswered(id: string, role: string, port: number, text: string): Expectation {
  return {
    id,
    text,
    command: tcpdumpCommand(`tcp port ${port} and host ${LEGIT} and tcp[tcpflags] & tcp-syn != 0`),
    within: 1000,
    async attempt(env) {
      const { syns, answer } = synsBeforeAnswer(env.packets(), port, clientPort(env.output(role)));
      if (!answer || !syns[0]) return { ok: false, observed: `no SYN/ACK for the ${role} in the capture` };
      const ms = Math.round(answer.tMs - syns[0].tMs);
      return {
        ok: syns.length === 1,
        observed: `${syns.length} SYN from the ${role}, its SYN/ACK ${ms} ms after the first`,
      };
    },
  };
}
