// How long the server's TIME-WAIT runs, measured rather than stated: the sampler's reading of
// its timer (/proc/net/tcp, to the 1/100 s) says when it fires, the capture says when the
// client's FIN that started it arrived. ss -o alone prints whole seconds left, which cannot
// tell 60 s from 59.5.

import type { Expectation, ObserveEnv } from '../../checker/expect.ts';
import { hasFlag, type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import { formatEndpoint } from '../../checker/socket.ts';
import { isPureAck, segmentsBetween } from '../../checker/teardown-wire.ts';
import { slackText, TIMEWAIT_READING_SLACK } from '../../checker/tolerance.ts';
import { TIMEWAIT_MS } from '../lost-final-ack/final-ack.ts';

const ms = (value: number) => `+${Math.round(value)} ms`;

/** One server TIME-WAIT the sampler timed, with the client's FIN and the ACK that closed it. */
function timedTimeWait(env: ObserveEnv, port: number) {
  const snapshot = env.latest();
  if (!snapshot) return null;
  for (const row of snapshot.sockets) {
    if (row.state !== 'TIME-WAIT' || row.local.port !== port || row.timer?.name !== 'timewait') continue;
    const segments = segmentsBetween(env.packets(), row.peer.port, port).filter((p) => p.tMs <= snapshot.tMs);
    // The same four-tuple may have been used twice (the same-port client): the last close counts.
    const fin = segments.filter((p) => p.src.port === row.peer.port && hasFlag(p, 'FIN')).at(-1);
    const ack = fin && segments.find((p: Packet) => p.src.port === port && isPureAck(p) && p.tMs >= fin.tMs);
    if (fin && ack) return { row, readAtMs: snapshot.tMs, leftMs: row.timer.expiresMs, fin, ack };
  }
  return null;
}

/**
 * The timer was set (to TCP_TIMEWAIT_LEN) when the server's kernel took in the client's FIN:
 * between that FIN on the wire and the server's ACK of it, within the reading's slack.
 */
export function expectTimeWaitLength(id: string, text: string, port: number): Expectation {
  const slack = TIMEWAIT_READING_SLACK;
  return {
    id,
    text: `${text} (${slackText(slack)})`,
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const timed = timedTimeWait(env, port);
      if (!timed) return { ok: false, observed: 'no server TIME-WAIT timed yet, or its close not in the capture' };
      const { row, readAtMs, leftMs, fin, ack } = timed;
      const firesAtMs = readAtMs + leftMs;
      const setAtMs = firesAtMs - TIMEWAIT_MS;
      const ok = setAtMs >= fin.tMs - slack.earlyMs && setAtMs <= ack.tMs + slack.lateMs;
      const runs = ((firesAtMs - fin.tMs) / 1000).toFixed(2);
      return {
        ok,
        observed: `TIME-WAIT ${formatEndpoint(row.local)} ⇄ ${formatEndpoint(row.peer)}: ${(leftMs / 1000).toFixed(2)} s left at ${ms(readAtMs)}, so it fires at ${ms(firesAtMs)}; the client's FIN came at ${ms(fin.tMs)}, the server's ACK at ${ms(ack.tMs)}: the timer runs ${runs} s from that FIN`,
      };
    },
  };
}
