// The last ACK of a close, read off the capture and off /proc/net/tcp: the server's FIN and
// its copies, the client's ACKs of it, the RST that answers a FIN nobody remembers, and the
// client's TIME-WAIT timer, to the 1/100 s, so a restart of its 60 s shows.

import type { Expectation, ObserveEnv } from '../../checker/expect.ts';
import { hasFlag, type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import { isPureAck, printedPort, segmentsBetween } from '../../checker/teardown-wire.ts';
import { slackText, TIMEWAIT_READING_SLACK } from '../../checker/tolerance.ts';

/** TCP_TIMEWAIT_LEN (include/net/tcp.h): 60 s on every Linux, whatever the MSL. */
export const TIMEWAIT_MS = 60_000;

/** The close of one client's connection, as the capture shows it. */
export interface Close {
  /** The server's FIN and every copy of it, in order. */
  fins: Packet[];
  /** The client's bare ACKs of that FIN (the final ACK, and any it sent again). */
  acks: Packet[];
  /** RSTs either way. */
  rsts: Packet[];
}

export function closeOf(packets: readonly Packet[], clientPort: number, serverPort: number): Close {
  const segments = segmentsBetween(packets, clientPort, serverPort);
  const fins = segments.filter((p) => p.src.port === serverPort && hasFlag(p, 'FIN'));
  const finEnd = fins[0]?.seqEnd ?? null;
  const acks = segments.filter(
    (p) => p.src.port === clientPort && isPureAck(p) && finEnd !== null && p.ack === finEnd + 1,
  );
  return { fins, acks, rsts: segments.filter((p) => hasFlag(p, 'RST')) };
}

/** The close of the connection a client role dialed, or why there is none to judge yet. */
export function closeOfRole(env: ObserveEnv, role: string, serverPort: number): Close | string {
  const clientPort = printedPort(env.output(role));
  if (clientPort === null) return `the ${role} has not connected yet`;
  return closeOf(env.packets(), clientPort, serverPort);
}

/** The drop rule: on arrival at the server, every bare ACK from a client. */
export function loseBareAcks(port: number): string {
  return `chain lose_final_ack {
    type filter hook input priority 0;
    tcp dport ${port} tcp flags & (syn | ack | fin | rst | psh) == ack drop
  }`;
}

/** Every segment of the lab's connections, by hand. */
export const finCommand = (port: number) => tcpdumpCommand(`tcp port ${port}`);

/** A judgement of one client's close: ok, and what was seen. */
type Judge = (close: Close) => { ok: boolean; observed: string };

/** `answer`: what the expectation asserts, for a prediction (the segment that answers, say). */
export function expectClose(
  id: string,
  text: string,
  role: string,
  port: number,
  answer: string | null,
  judge: Judge,
): Expectation {
  return {
    id,
    text,
    ...(answer ? { answer } : {}),
    command: finCommand(port),
    within: 1000,
    async attempt(env) {
      const close = closeOfRole(env, role, port);
      return typeof close === 'string' ? { ok: false, observed: close } : judge(close);
    },
  };
}

/** The client's TIME-WAIT timer as the sampler last read it, and when that makes it fire. */
function timeWaitTimer(env: ObserveEnv, clientPort: number, serverPort: number) {
  const snapshot = env.latest();
  const row = snapshot?.sockets.find(
    (s) => s.state === 'TIME-WAIT' && s.local.port === clientPort && s.peer.port === serverPort,
  );
  if (!snapshot || row?.timer?.name !== 'timewait') return null;
  return { readAtMs: snapshot.tMs, leftMs: row.timer.expiresMs, firesAtMs: snapshot.tMs + row.timer.expiresMs };
}

const ms = (value: number) => `+${Math.round(value)} ms`;

/** The first reading of the client's TIME-WAIT timer: when it would fire, and the ACK that set it. */
export interface Readings {
  first: { firesAtMs: number; ackMs: number } | null;
}

/**
 * The client's TIME-WAIT timer was last set (to 60 s) when its kernel took in the server's
 * latest FIN: between that FIN on the wire and the ACK it sent back (on loopback microseconds
 * apart; under emulation, tens of ms). `restarted` also asks that the timer now fires later
 * than the first reading said, by as long as lies between that reading's ACK and this FIN.
 */
export function expectTimeWaitFromLastAck(
  spec: { id: string; text: string; role: string; port: number; restarted: boolean },
  readings: Readings,
): Expectation {
  const slack = TIMEWAIT_READING_SLACK;
  // /proc/net/tcp, TIME-WAIT rows (st 06) whose peer is the server: tm->when is in 1/100 s.
  const hexPort = spec.port.toString(16).toUpperCase().padStart(4, '0');
  return {
    id: spec.id,
    text: `${spec.text} (${slackText(slack)})`,
    command: ['grep', `:${hexPort} 06 `, '/proc/net/tcp'],
    within: 1000,
    async attempt(env) {
      const clientPort = printedPort(env.output(spec.role));
      const close = closeOfRole(env, spec.role, spec.port);
      if (clientPort === null || typeof close === 'string') {
        return { ok: false, observed: `the ${spec.role} has not connected yet` };
      }
      const timer = timeWaitTimer(env, clientPort, spec.port);
      const ack = close.acks.at(-1);
      const fin = ack && close.fins.filter((f) => f.tMs <= ack.tMs).at(-1);
      if (!timer || !ack || !fin) {
        return { ok: false, observed: 'no TIME-WAIT timer for the client, or no ACK of the FIN yet' };
      }
      const setAtMs = timer.firesAtMs - TIMEWAIT_MS;
      let ok = setAtMs >= fin.tMs - slack.earlyMs && setAtMs <= ack.tMs + slack.lateMs;
      let moved = '';
      const first = readings.first;
      if (spec.restarted) {
        const shift = first ? timer.firesAtMs - first.firesAtMs : 0;
        const apart = first ? fin.tMs - first.ackMs : 0;
        ok &&= first !== null && apart > 0 && shift >= apart - slack.earlyMs - slack.lateMs;
        moved = first ? `; it moved ${Math.round(shift)} ms later than the first reading said` : '; no first reading';
      } else if (ok) readings.first = { firesAtMs: timer.firesAtMs, ackMs: ack.tMs };
      const nth =
        close.fins.indexOf(fin) === 0
          ? "the server's FIN"
          : `the server's FIN, sent for the ${ordinal(close.fins.indexOf(fin) + 1)} time,`;
      const observed = `${(timer.leftMs / 1000).toFixed(2)} s left at ${ms(timer.readAtMs)}: fires at ${ms(timer.firesAtMs)}, so set at ${ms(setAtMs)}; ${nth} came at ${ms(fin.tMs)}, the client's ACK at ${ms(ack.tMs)}${moved}`;
      return { ok, observed };
    },
  };
}

const ordinal = (n: number) => (n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`);

/** The server's program printed that this client's socket closed with no error. */
export function expectServerUnaware(id: string, text: string, role: string): Expectation {
  return {
    id,
    text,
    command: null,
    within: 1000,
    async attempt(env) {
      const clientPort = printedPort(env.output(role));
      const mine = env.output('server').filter((line) => line.includes(`client ${clientPort} `));
      const closed = mine.find((line) => /socket closed/.test(line));
      const error = mine.find((line) => /error/.test(line) && !/no error/.test(line));
      if (!closed) return { ok: false, observed: `the server printed nothing about closing client ${clientPort}` };
      return { ok: !error, observed: error ?? closed };
    },
  };
}
