// One-off judgements this lab needs: one client's socket picked by the port it printed (its
// FIN-WAIT-2 as ss -o shows it, or its absence), and the RST in the capture.

import { describeRow, type Expectation, type ObserveEnv } from '../../checker/expect.ts';
import { describeTimedRow } from '../../checker/expect-timer.ts';
import { hasFlag, tcpdumpCommand } from '../../checker/packets.ts';
import type { SocketRow } from '../../checker/socket.ts';

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
}

/** The FIN-WAIT-2 socket of one client, read with ss -o and -p. */
export function finWait2Of(spec: FinWait2Spec): Expectation {
  const command = ['ss', '-Htanop', 'state', 'fin-wait-2', `dport = :${spec.port}`];
  return {
    id: spec.id,
    text: spec.text,
    command,
    within: spec.within ?? 1000,
    async attempt(env) {
      const local = portOf(env, spec.role);
      const row = (await env.ss(command, 'FIN-WAIT-2')).find((r) => r.local.port === local);
      if (!row) return { ok: false, observed: `no FIN-WAIT-2 socket from port ${local ?? '?'}` };
      return { ok: spec.holds(row), observed: `${describeTimedRow(row)}, ${owner(row)}` };
    },
  };
}

/** An orphan: no process owns it, and it carries a timewait timer of at most `maxMs`. */
export const orphaned = (maxMs: number) => (row: SocketRow) =>
  !row.processes?.length && row.timer?.name === 'timewait' && row.timer.expiresMs <= maxMs;

/** A half-closed socket its program still holds: an owner, and no timer at all. */
export const heldWithoutTimer = (row: SocketRow) => Boolean(row.processes?.length) && !row.timer;

/** Nothing left of one client's connection on one side (`which`), in any state. */
export function goneFrom(id: string, which: 'client' | 'server', role: string, port: number, text: string, within = 0) {
  const filter = (local: number | string) =>
    which === 'client' ? `( sport = :${local} and dport = :${port} )` : `( sport = :${port} and dport = :${local} )`;
  let shown: number | string = 'CLIENT_PORT';
  return {
    id,
    text,
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
