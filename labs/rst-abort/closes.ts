// What the capture says about how a connection ended: with the server's FIN (and no RST
// anywhere on it), or with the server's RST (and no FIN before it); and that a SYN to a
// port nobody listens on is answered by RST. Each connection is found by the port its client
// printed, so four connections in one run never mix.

import { counterCommand } from '../../checker/counters.ts';
import type { Expectation, ObserveEnv } from '../../checker/expect.ts';
import { hasFlag, isSyn, type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import { describeSegment, printedPort, segmentsBetween } from '../../checker/teardown-wire.ts';
import { t } from './messages.ts';

export interface CloseSpec {
  id: string;
  text: string;
  /** The client role whose connection this is. */
  role: string;
  serverPort: number;
  /** How the server must have ended it. */
  how: 'FIN' | 'RST';
  hint?: string;
}

function connectionOf(env: ObserveEnv, role: string, serverPort: number): Packet[] | string {
  const clientPort = printedPort(env.output(role));
  if (clientPort === null) return `the ${role} has not connected yet`;
  return segmentsBetween(env.packets(), clientPort, serverPort);
}

/** "The server ended it with FIN, and no RST was sent either way" (or with RST, and no FIN). */
export function expectServerClose(spec: CloseSpec): Expectation {
  return {
    id: spec.id,
    text: spec.text,
    // What a prediction about how the server ended it is answered with.
    answer: spec.how,
    command: tcpdumpCommand(`tcp port ${spec.serverPort} and tcp[tcpflags] & (tcp-fin|tcp-rst) != 0`),
    within: 1000,
    ...(spec.hint ? { hint: spec.hint } : {}),
    async attempt(env) {
      const segments = connectionOf(env, spec.role, spec.serverPort);
      if (typeof segments === 'string') return { ok: false, observed: segments };
      const fromServer = segments.filter((p) => p.src.port === spec.serverPort);
      const fin = fromServer.find((p) => hasFlag(p, 'FIN'));
      const rst = segments.find((p) => hasFlag(p, 'RST'));
      const seen = [fin, rst].filter((p): p is Packet => p !== undefined).sort((a, b) => a.tMs - b.tMs);
      const observed = seen.length ? seen.map(describeSegment).join('; ') : 'neither FIN nor RST from the server yet';
      const ok = spec.how === 'FIN' ? fin !== undefined && rst === undefined : rst !== undefined && !fin;
      return { ok, observed: ok && spec.how === 'FIN' ? `${observed}; no RST` : observed };
    },
  };
}

/**
 * The server's reply went out whole before its RST: the RST's sequence number is the one
 * after the reply's last byte. (Whether the client program then reads it is up to its event
 * loop: Node drops the socket unread when a pending write fails first.)
 */
export function expectReplyBeforeRst(id: string, role: string, serverPort: number, text: string): Expectation {
  return {
    id,
    text,
    command: tcpdumpCommand(`tcp port ${serverPort}`),
    within: 1000,
    async attempt(env) {
      const segments = connectionOf(env, role, serverPort);
      if (typeof segments === 'string') return { ok: false, observed: segments };
      const fromServer = segments.filter((p) => p.src.port === serverPort);
      const reply = fromServer.find((p) => p.length > 0);
      const rst = fromServer.find((p) => hasFlag(p, 'RST'));
      if (!reply || !rst)
        return { ok: false, observed: `${reply ? 'a reply' : 'no reply'}, ${rst ? 'a RST' : 'no RST'} yet` };
      const whole = reply.seqEnd !== null && rst.seq === reply.seqEnd && reply.tMs <= rst.tMs;
      const at = (p: Packet) => `+${Math.round(p.tMs * 10) / 10} ms`;
      return {
        ok: whole,
        observed: `${reply.length} bytes of reply at ${at(reply)}, ending at seq ${reply.seqEnd}; the RST at ${at(rst)}, seq ${rst.seq}`,
      };
    },
  };
}

/** The SYNs to a port, and the RST the kernel answered the first with. */
function synsAndRst(env: ObserveEnv, port: number) {
  const packets = env.packets();
  const syns = packets.filter((p) => isSyn(p) && p.dst.port === port);
  const first = syns[0];
  const rst = first && packets.find((p) => hasFlag(p, 'RST') && p.src.port === port && p.dst.port === first.src.port);
  return { syns, rst };
}

/** A SYN to a port where nothing listens, answered by the kernel's RST within `withinMs`. */
export function expectRefusingRst(id: string, port: number, withinMs: number, text: string): Expectation {
  return {
    id,
    text,
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const { syns, rst } = synsAndRst(env, port);
      const syn = syns[0];
      if (!syn) return { ok: false, observed: `no SYN to :${port} captured` };
      if (!rst) return { ok: false, observed: `${describeSegment(syn)}, no RST back` };
      const gap = Math.round((rst.tMs - syn.tMs) * 1000) / 1000;
      return { ok: gap <= withinMs, observed: `${describeSegment(syn)}; ${describeSegment(rst)} (${gap} ms later)` };
    },
  };
}

/** connect() gave up on its first SYN: once the client has said so, the capture holds no second SYN. */
export function expectNoSynResent(id: string, port: number, role: string, text: string): Expectation {
  return {
    id,
    text,
    command: tcpdumpCommand(`tcp dst port ${port} and tcp[tcpflags] == tcp-syn`),
    within: 1000,
    async attempt(env) {
      const failed = env.output(role).find((line) => /connect\(\) failed/.test(line));
      if (!failed) return { ok: false, observed: `the ${role} has not failed yet` };
      const { syns } = synsAndRst(env, port);
      return {
        ok: syns.length === 1,
        observed: `${syns.length} SYN${syns.length === 1 ? '' : 's'} to :${port}; ${failed}`,
      };
    },
  };
}

/** TcpOutRsts grew by exactly as many RSTs as the capture shows, and there are at least `atLeast`. */
export function expectRstsCounted(id: string, since: string, atLeast: number): Expectation {
  return {
    id,
    text: t('counted.rsts', { n: atLeast }),
    command: counterCommand('TcpOutRsts'),
    within: 1000,
    async attempt(env) {
      const counted = (await env.counterDeltas(since)).TcpOutRsts ?? 0;
      const captured = env.packets().filter((p) => hasFlag(p, 'RST')).length;
      return {
        ok: counted === captured && captured >= atLeast,
        observed: `TcpOutRsts +${counted}; the capture shows ${captured} RST${captured === 1 ? '' : 's'}`,
      };
    },
  };
}
