// Keepalive probes, read from a capture. A probe is a bare ACK (no data, no SYN, FIN or
// RST) that a silent client sends after its handshake; its sequence number is one below
// what the peer expects, so a live peer's kernel must answer it with an ACK. tcpdump prints
// no sequence number on bare ACKs, so we find probes by who sent them and when.

import type { Expectation } from '../../checker/expect.ts';
import { hasFlag, isSynAck, type Packet } from '../../checker/packets.ts';
import { describeTimes } from '../../checker/schedule.ts';
import type { SocketRow } from '../../checker/socket.ts';
import type { Slack } from '../../checker/tolerance.ts';
import type { Action } from '../kit/lab.ts';
import { act } from '../kit/plan.ts';
import { t } from './messages.ts';

/** The namespace's keepalive: 2 s of silence, then a probe every 1 s, dead after 3 unanswered. */
export const KEEPALIVE_TIME_S = 2;
export const KEEPALIVE_INTVL_S = 1;
export const KEEPALIVE_PROBES = 3;
/** Dead-peer detection: 2 + 3 × 1 = 5 s after the last segment heard. */
export const DEAD_AFTER_MS = (KEEPALIVE_TIME_S + KEEPALIVE_PROBES * KEEPALIVE_INTVL_S) * 1000;

const CONNECTED = /connected from port (\d+)/;

/** Each client's own port, which tells its socket and its probes from the others'. */
export interface ClientPorts {
  /** Wait until the role prints the port it connected from, and keep it. */
  connected(role: string): Action;
  of(role: string): number;
  /** Picks the role's socket among ss rows (for `which`). */
  mine(role: string): (row: SocketRow) => boolean;
}

/** Known once the clients run: later expectations read them through these closures. */
export function clientPorts(): ClientPorts {
  const ports = new Map<string, number>();
  const of = (role: string) => ports.get(role) ?? 0;
  return {
    connected: (role) =>
      act(t('act.connected', { role, pattern: String(CONNECTED) }), async (ctx) => {
        const line = await ctx.waitOutput(ctx.proc(role), CONNECTED);
        ports.set(role, Number(CONNECTED.exec(line)?.[1]));
      }),
    of,
    mine: (role) => (row) => row.local.port === of(role),
  };
}

/** The capture as the expectation being judged saw it, for closures that get no env. */
export interface JudgedPackets {
  packets(): readonly Packet[];
  /** The same expectation, keeping env.packets() at each attempt for `packets()`. */
  judged(expectation: Expectation): Expectation;
}

/** A schedule's `segments` and a duration's `measure` take no env; they read `packets()`. */
export function judgedPackets(): JudgedPackets {
  let seen: readonly Packet[] = [];
  return {
    packets: () => seen,
    judged: (expectation) => ({
      ...expectation,
      attempt: (env) => {
        seen = env.packets();
        return expectation.attempt(env);
      },
    }),
  };
}

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

/** From the first segment to the last, or null before there are two. */
export function spanMs(segments: readonly Packet[]): number | null {
  return segments.length > 1 ? (segments.at(-1) as Packet).tMs - (segments[0] as Packet).tMs : null;
}

/** The client's probes sent after `afterMs` (run time). */
export function probesAfter(packets: readonly Packet[], clientPort: number, serverPort: number, afterMs: number) {
  return probesOf(packets, clientPort, serverPort).filter((p) => p.tMs > afterMs);
}

export interface AnsweredProbesSpec {
  id: string;
  text: string;
  command: readonly string[];
  clientPort: () => number;
  serverPort: number;
  /** Only probes sent after this run time count. */
  afterMs: () => number;
  /** How many answered probes, and how far apart (nominal gap and tolerance). */
  count: number;
  gapMs: number;
  slack: Slack;
}

/** "After the freeze, 3 probes, each answered by the server's kernel, 2 s apart." */
export function expectAnsweredProbes(spec: AnsweredProbesSpec): Expectation {
  return {
    id: spec.id,
    text: spec.text,
    command: spec.command,
    within: 1000,
    // What a prediction about it asserts: every one of the probes answered.
    answer: String(spec.count),
    async attempt(env) {
      const all = env.packets();
      const probes = probesAfter(all, spec.clientPort(), spec.serverPort, spec.afterMs());
      const answered = probes.filter((probe) => answerTo(all, probe) !== undefined);
      const gaps = probes.slice(1).map((probe, i) => probe.tMs - (probes[i] as Packet).tMs);
      const observed = `${probes.length} probes at run time ${describeTimes(probes)} after the first (gaps ${gaps.map((g) => `${(g / 1000).toFixed(3)} s`).join(', ') || 'none'}), ${answered.length} answered`;
      const ok =
        probes.length >= spec.count &&
        answered.length === probes.length &&
        gaps.every((gap) => gap >= spec.gapMs - spec.slack.earlyMs && gap <= spec.gapMs + spec.slack.lateMs);
      return { ok, observed };
    },
  };
}
