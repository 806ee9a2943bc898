// What the plan measures with, besides the lab's programs: connect() tried by hand (bash's
// /dev/tcp, so a probe costs milliseconds, not a Node start), the TIME-WAIT census towards one
// destination, sysctls as a host reads them, and the client's one-line summary.
//
// A "where" is the host a command runs on: the sandbox itself, or the lab's second host
// (second-host.ts), whose commands go through nsenter.

import { compare, type Expectation, type ObserveEnv, type Op } from '../../checker/expect.ts';
import type { LabContext } from '../kit/lab.ts';
import { act, type StepItem } from '../kit/plan.ts';
import { sysctlPath } from '../kit/sandbox.ts';
import { t } from './messages.ts';

export interface Where {
  /** "this host", "the second host". */
  readonly name: string;
  /** The argv that runs `argv` on that host. */
  wrap(argv: readonly string[]): string[];
}

export const THIS_HOST: Where = {
  get name() {
    return t('where.thisHost');
  },
  wrap: (argv) => [...argv],
};

export interface Destination {
  host: string;
  port: number;
}

const ERRNO: Record<string, string> = {
  'Cannot assign requested address': 'EADDRNOTAVAIL',
  'Connection refused': 'ECONNREFUSED',
};

/** How a batch of connect() calls went: "50 connected, 10 failed: EADDRNOTAVAIL". */
export interface Tries {
  connected: number;
  failed: number;
  errno: string | null;
}

/**
 * `count` connect() calls in a row, each closed at once by the caller (so the caller closes
 * first and keeps the TIME-WAIT). No fork per try: bash opens and closes fd 3 itself.
 */
const TRY_SCRIPT = `ok=0; failed=0; why=
for ((i = 0; i < $3; i++)); do
  if { exec 3<>"/dev/tcp/$1/$2"; } 2>"$4"; then ok=$((ok + 1)); exec 3>&-; else failed=$((failed + 1)); read -r why < "$4"; fi
done
echo "$ok $failed \${why##*: }"`;

function parseTries(stdout: string): Tries {
  const [connected, failed, ...why] = stdout.trim().split(' ');
  const text = why.join(' ');
  return { connected: Number(connected), failed: Number(failed), errno: text ? (ERRNO[text] ?? text) : null };
}

export function describeTries(tries: Tries): string {
  return `${tries.connected} connected, ${tries.failed} failed${tries.errno ? `: ${tries.errno}` : ''}`;
}

/** What a learner types for the same tries. */
function shownTries(where: Where, to: Destination, count: number): string[] {
  const once = `exec 3<>/dev/tcp/${to.host}/${to.port} && exec 3>&-`;
  return where.wrap(['bash', '-c', count === 1 ? once : `for i in {1..${count}}; do ${once}; done`]);
}

export interface TriesSpec {
  id: string;
  text: string;
  where?: Where;
  to: Destination;
  count: number;
  /**
   * What must happen: how many connect, how many fail, and with which errno; or `fills`: at
   * least 50 connect, then the rest fail with EADDRNOTAVAIL. (A connection closed right after
   * connect() now and then loses its TIME-WAIT to a stray RST, so a port comes back early:
   * the count of connects is not exact, the table's end state is.)
   */
  want: Tries | 'fills';
  /** The answer to a prediction about it: what `want` asserts, in a word. */
  answer?: string;
}

function holds(want: Tries | 'fills', seen: Tries, count: number): boolean {
  if (want === 'fills')
    return (
      seen.connected >= 50 &&
      seen.failed >= 1 &&
      seen.errno === 'EADDRNOTAVAIL' &&
      seen.connected + seen.failed === count
    );
  return (
    seen.connected === want.connected && seen.failed === want.failed && (want.failed === 0 || seen.errno === want.errno)
  );
}

/** connect() `count` times from `where`, then judge how it went. */
export function tryConnects(spec: TriesSpec): StepItem[] {
  const where = spec.where ?? THIS_HOST;
  let seen: Tries | null = null;
  const to = `${spec.to.host}:${spec.to.port}`;
  return [
    act(
      spec.count === 1
        ? t('act.connectOnce', { where: where.name, to })
        : t('act.connectTimes', { where: where.name, to, n: spec.count }),
      async (ctx: LabContext) => {
        const argv = [
          'bash',
          '-c',
          TRY_SCRIPT,
          'bash',
          spec.to.host,
          String(spec.to.port),
          String(spec.count),
          `${ctx.runDir}/connect-error`,
        ];
        seen = parseTries((await ctx.sh(where.wrap(argv))).stdout);
      },
    ),
    {
      id: spec.id,
      text: spec.text,
      get command() {
        return shownTries(where, spec.to, spec.count);
      },
      within: 0,
      ...(spec.answer ? { answer: spec.answer } : {}),
      async attempt() {
        if (!seen) return { ok: false, observed: 'the connects did not run' };
        return { ok: holds(spec.want, seen, spec.count), observed: describeTries(seen) };
      },
    } satisfies Expectation,
  ];
}

export interface CensusSpec {
  id: string;
  text: string;
  where?: Where;
  /** The client side counts sockets towards `to`; the server side, sockets at `to`. */
  side: 'client' | 'server';
  to: Destination;
  op: Op;
  n: number;
  within?: number;
  hint?: string;
}

export function censusCommand(side: 'client' | 'server', to: Destination): string[] {
  return ['ss', '-Htan', 'state', 'time-wait', `${side === 'client' ? 'dst' : 'src'} = ${to.host}:${to.port}`];
}

/** The TIME-WAIT sockets one side holds for one destination, and how ss shows them. */
export async function timeWaits(env: ObserveEnv, side: 'client' | 'server', to: Destination, where = THIS_HOST) {
  const rows = await env.ss(where.wrap(censusCommand(side, to)), 'TIME-WAIT');
  const ports = rows.map((row) => (side === 'client' ? row.local.port : row.peer.port)).sort((a, b) => a - b);
  const range = ports.length ? ` (ports ${ports[0]}…${ports.at(-1)})` : '';
  return { count: rows.length, shown: `${rows.length} TIME-WAIT${range}` };
}

/** How many TIME-WAIT sockets one side holds for one destination (ss counts them). */
export function timeWaitCensus(spec: CensusSpec): Expectation {
  const where = spec.where ?? THIS_HOST;
  return {
    id: spec.id,
    text: spec.text,
    get command() {
      return where.wrap(censusCommand(spec.side, spec.to));
    },
    within: spec.within ?? 1000,
    ...(spec.hint ? { hint: spec.hint } : {}),
    // A prediction's answer: how many, when the census asserts an exact number.
    ...(spec.op === '==' ? { answer: String(spec.n) } : {}),
    async attempt(env) {
      const seen = await timeWaits(env, spec.side, spec.to, where);
      return { ok: compare(seen.count, spec.op, spec.n), observed: seen.shown };
    },
  };
}

/** A sysctl as `where` reads it, judged once: `reuse-default`, tcp_tw_reuse reads 2 (null: it does not exist). */
export function sysctlReads(
  id: string,
  name: string,
  want: string | null,
  text: string,
  where = THIS_HOST,
): Expectation {
  return {
    id,
    text,
    get command() {
      return where.wrap(['sysctl', name]);
    },
    within: 0,
    async attempt(env) {
      const seen =
        where === THIS_HOST
          ? await env.readSysctl(name)
          : (await env.run(where.wrap(['cat', sysctlPath(name)]))).stdout.trim();
      // ip_local_port_range prints its two numbers tab-separated.
      const value = seen?.replace(/\s+/g, ' ') ?? null;
      return { ok: value === want, observed: value === null ? `${name}: no such sysctl` : `${name} = ${value}` };
    },
  };
}

/** Set a sysctl on `where` (the sandbox's own are set with the kit's sysctl()). */
export async function writeSysctl(ctx: LabContext, where: Where, name: string, value: string | number) {
  await ctx.sh(where.wrap(['sh', '-c', `echo ${value} > ${sysctlPath(name)}`]));
  ctx.note(t('note.sysctl', { where: where.name, name, value }));
}

/** The client's last line: "client: done: 200 requests to 127.0.0.2:8818 (keep-alive), …". */
export interface Summary {
  requests: number;
  answered: number;
  failed: number;
  connections: number;
  localPorts: number;
  retries: number;
  ms: number;
  line: string;
}

const SUMMARY =
  /done: (\d+) requests to \S+ \(\S+\), (\d+) answered, (\d+) failed.*; (\d+) connections? from (\d+) local ports?, (\d+) retr(?:y|ies), (\d+) ms/;

export function summaryOf(env: ObserveEnv, role: string): Summary | null {
  const line = env.output(role).findLast((text) => SUMMARY.test(text));
  const numbers = line ? SUMMARY.exec(line)?.slice(1).map(Number) : undefined;
  if (!line || !numbers) return null;
  const [requests, answered, failed, connections, localPorts, retries, ms] = numbers as number[];
  return { requests, answered, failed, connections, localPorts, retries, ms, line } as Summary;
}

/** A judgement of a client's summary: `(s) => s.answered === 200`. */
export function summaryHolds(id: string, role: string, text: string, holds: (s: Summary) => boolean): Expectation {
  return {
    id,
    text,
    command: null,
    within: 0,
    async attempt(env) {
      const summary = summaryOf(env, role);
      if (!summary) return { ok: false, observed: `the ${role} printed no summary` };
      return { ok: holds(summary), observed: summary.line.replace(/^client: /, `${role}: `) };
    },
  };
}
