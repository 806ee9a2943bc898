// One-off judgements this lab needs: one client's socket picked by the port it printed (its
// FIN-WAIT-2 as ss -o shows it, or its absence), the orphan's timer timed against the
// capture, tcp_fin_timeout as the namespace reads it, and the RST in the capture.

import { describeRow, type Expectation, type ObserveEnv } from '../../checker/expect.ts';
import { describeTimedRow } from '../../checker/expect-timer.ts';
import { hasFlag, type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import type { SocketRow } from '../../checker/socket.ts';
import { isPureAck } from '../../checker/teardown-wire.ts';
import { slackText, TIMEWAIT_READING_SLACK } from '../../checker/tolerance.ts';

/** A late user's PAUSE_MS: it stays connected for the rest of any run. */
export const STAYS_MS = 60_000;

/** The local port a client printed: "client: connected from port 40002". */
export function portOf(env: ObserveEnv, role: string): number | null {
  const line = env.output(role).find((text) => /connected from port \d+/.test(text));
  return line ? Number(/port (\d+)/.exec(line)?.[1]) : null;
}

/** Who owns a socket, as ss -p says: a process, or nobody (an orphan). */
function owner(row: SocketRow): string {
  return row.processes?.length
    ? `owned by ${row.processes.map((p) => `${p.name} pid ${p.pid}`).join(', ')}`
    : 'no owner';
}

export interface FinWait2Spec {
  id: string;
  role: string;
  port: number;
  text: string;
  within?: number;
  /** What must hold of the socket ss shows. */
  holds: (row: SocketRow) => boolean;
  /** The answer to the step's prediction (the state, say). */
  answer?: string;
  /** Say how long the socket has waited since the ACK of its FIN (from the capture). */
  aged?: boolean;
}

/** The client's FIN, and the server's bare ACK of it, as the capture shows them. */
function finAndAck(packets: readonly Packet[], local: number, port: number) {
  const fin = packets.find((p) => p.src.port === local && p.dst.port === port && hasFlag(p, 'FIN'));
  const end = fin?.seqEnd ?? fin?.seq;
  const ack =
    fin && end != null
      ? packets.find((p) => p.src.port === port && p.dst.port === local && isPureAck(p) && p.ack === end + 1)
      : undefined;
  return { fin, ack };
}

/** "4012 ms after the ACK of its FIN: " — the sampler's clock against the capture's. */
function age(env: ObserveEnv, local: number, port: number): string {
  const { ack } = finAndAck(env.packets(), local, port);
  const now = env.latest()?.tMs;
  return ack && now !== undefined ? `${Math.round(now - ack.tMs)} ms after the ACK of its FIN: ` : '';
}

/** The FIN-WAIT-2 socket of one client, read with ss -o and -p. */
export function finWait2Of(spec: FinWait2Spec): Expectation {
  const command = ['ss', '-Htanop', 'state', 'fin-wait-2', `dport = :${spec.port}`];
  return {
    id: spec.id,
    text: spec.text,
    ...(spec.answer ? { answer: spec.answer } : {}),
    command,
    within: spec.within ?? 1000,
    async attempt(env) {
      const local = portOf(env, spec.role);
      const row = (await env.ss(command, 'FIN-WAIT-2')).find((r) => r.local.port === local);
      if (!row || local === null) return { ok: false, observed: `no FIN-WAIT-2 socket from port ${local ?? '?'}` };
      const since = spec.aged ? age(env, local, spec.port) : '';
      return { ok: spec.holds(row), observed: `${since}${describeTimedRow(row)}, ${owner(row)}` };
    },
  };
}

/**
 * The orphan's timer, read by the sampler (/proc/net/tcp, to the 1/100 s), fires
 * tcp_fin_timeout after the server's ACK of its FIN: the kernel arms it when that ACK turns
 * an orphan FIN-WAIT-1 into FIN-WAIT-2 (tcp_rcv_state_process() → tcp_time_wait(sk,
 * TCP_FIN_WAIT2, tmo)).
 */
export function expectOrphanTimer(
  id: string,
  role: string,
  port: number,
  timeoutMs: number,
  text: string,
): Expectation {
  const slack = TIMEWAIT_READING_SLACK;
  return {
    id,
    text: `${text} (${slackText(slack)})`,
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const local = portOf(env, role);
      const snapshot = env.latest();
      const row = snapshot?.sockets.find((r) => r.state === 'FIN-WAIT-2' && r.local.port === local);
      const { fin, ack } = local === null ? {} : finAndAck(env.packets(), local, port);
      if (!snapshot || row?.timer?.name !== 'timewait' || !fin || !ack)
        return { ok: false, observed: `no timed FIN-WAIT-2 from port ${local ?? '?'}, or its FIN not in the capture` };
      const firesAtMs = snapshot.tMs + row.timer.expiresMs;
      const setAtMs = firesAtMs - timeoutMs;
      const ok = setAtMs >= fin.tMs - slack.earlyMs && setAtMs <= ack.tMs + slack.lateMs;
      const ms = (value: number) => `+${Math.round(value)} ms`;
      return {
        ok,
        observed: `${(row.timer.expiresMs / 1000).toFixed(2)} s left at ${ms(snapshot.tMs)}, so it fires at ${ms(firesAtMs)}; its FIN left at ${ms(fin.tMs)}, the server's ACK came at ${ms(ack.tMs)}: the timer runs ${((firesAtMs - ack.tMs) / 1000).toFixed(2)} s from that ACK`,
      };
    },
  };
}

/** An orphan: no process owns it, and it carries a timewait timer of at most `maxMs`. */
export const orphaned = (maxMs: number) => (row: SocketRow) =>
  !row.processes?.length && row.timer?.name === 'timewait' && row.timer.expiresMs <= maxMs;

/** A half-closed socket its program still holds: an owner, and no timer at all. */
export const heldWithoutTimer = (row: SocketRow) => Boolean(row.processes?.length) && !row.timer;

/** Nothing left of one client's connection on one side (`which`), in any state. */
export function goneFrom(
  id: string,
  which: 'client' | 'server',
  role: string,
  port: number,
  text: string,
  within = 0,
  answer?: string,
) {
  const filter = (local: number | string) =>
    which === 'client' ? `( sport = :${local} and dport = :${port} )` : `( sport = :${port} and dport = :${local} )`;
  let shown: number | string = 'CLIENT_PORT';
  return {
    id,
    text,
    ...(answer ? { answer } : {}),
    get command() {
      return ['ss', '-Htan', filter(shown)];
    },
    within,
    async attempt(env) {
      const local = portOf(env, role);
      if (local === null) return { ok: false, observed: `the ${role} printed no port` };
      shown = local;
      const rows = await env.ss(['ss', '-Htan', filter(local)]);
      return { ok: rows.length === 0, observed: rows.length ? rows.map(describeRow).join('; ') : 'ss lists nothing' };
    },
  } satisfies Expectation;
}

/** tcpdump: the server's data to a client's old port, answered by that port with RST. */
export function dataAnsweredByRst(id: string, role: string, port: number, text: string): Expectation {
  let shown: number | string = 'CLIENT_PORT';
  return {
    id,
    text,
    answer: 'RST',
    get command() {
      return tcpdumpCommand(`tcp port ${shown}`);
    },
    within: 1000,
    async attempt(env) {
      const local = portOf(env, role);
      if (local === null) return { ok: false, observed: `the ${role} printed no port` };
      shown = local;
      const packets = env.packets();
      const data = packets.findLast((p) => p.src.port === port && p.dst.port === local && p.length > 0);
      const rst = data && packets.find((p) => p.tMs >= data.tMs && p.src.port === local && hasFlag(p, 'RST'));
      if (!data) return { ok: false, observed: `tcpdump saw no data from :${port} to :${local}` };
      if (!rst) return { ok: false, observed: `data to :${local} at ${Math.round(data.tMs)} ms, and no RST after it` };
      return {
        ok: true,
        observed: `:${port} → :${local} ${data.flagText} ${data.length} bytes at ${Math.round(data.tMs)} ms; :${local} → :${port} ${rst.flagText} at ${Math.round(rst.tMs)} ms`,
      };
    },
  };
}
