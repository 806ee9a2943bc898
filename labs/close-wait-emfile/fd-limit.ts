// The server's open-file limit, and what its descriptors are. The lab lowers the limit of the
// running server from outside with `prlimit --pid PID --nofile=64:64` (util-linux), inside
// the sandbox: prlimit(2) on a process of the same uid needs no privilege when it lowers a
// limit, so this works for any user, on any server the learner writes (Node itself has no
// setrlimit). The pid is read from `ss -ltnp`, which inside the sandbox prints the
// namespace's pids.

import type { Expectation, ObserveEnv } from '../../checker/expect.ts';
import { parseSsOutput } from '../../checker/ss.ts';
import { LabError } from '../kit/errors.ts';
import type { Action } from '../kit/lab.ts';
import { act } from '../kit/plan.ts';
import { t } from './messages.ts';

/** RLIMIT_NOFILE for the server inside the sandbox (the default soft limit is 1024). */
export const FD_LIMIT = 64;

/** What the lab learnt about one server process when it lowered its limit. */
export interface Limited {
  pid: number | null;
  /** Descriptor slots below the limit it used before any client came (stdio, epoll, libuv's spare, the listener…). */
  baseline: number | null;
}

export const limited = (): Limited => ({ pid: null, baseline: null });

type Run = (argv: readonly string[]) => Promise<{ stdout: string }>;

export interface OpenFd {
  fd: number;
  /** What `ls -l /proc/PID/fd` shows it points at: socket:[…], pipe:[…], /dev/null, /. */
  target: string;
}

/** The process's open descriptors. */
export async function openFds(run: Run, pid: number): Promise<OpenFd[]> {
  const { stdout } = await run(['ls', '-l', `/proc/${pid}/fd`]);
  return stdout.split('\n').flatMap((line) => {
    const m = / (\d+) -> (.*)$/.exec(line);
    return m ? [{ fd: Number(m[1]), target: m[2] as string }] : [];
  });
}

/**
 * RLIMIT_NOFILE caps descriptor *numbers* (a new one must be below it), not how many are
 * open: a descriptor inherited with a higher number (the sandbox's own, say) takes no slot.
 * So the slots in use are the open descriptors numbered below the limit.
 */
export const slotsUsed = (fds: readonly OpenFd[]) => fds.filter((entry) => entry.fd < FD_LIMIT).length;

/** Lower the limit of whatever listens on `port`, and count the descriptors it holds now. */
export function lowerFdLimit(port: number, into: Limited): Action {
  return act(t('act.prlimit', { port, limit: FD_LIMIT }), async (ctx) => {
    const listing = await ctx.sh(['ss', '-Hltnp', `sport = :${port}`]);
    const pid = parseSsOutput(listing.stdout, 'LISTEN')[0]?.processes?.[0]?.pid;
    if (pid === undefined) throw new LabError(t('error.noListener', { port }));
    await ctx.sh(['prlimit', '--pid', String(pid), `--nofile=${FD_LIMIT}:${FD_LIMIT}`]);
    into.pid = pid;
    const fds = await openFds(ctx.sh, pid);
    into.baseline = slotsUsed(fds);
    const above = fds.length - into.baseline;
    ctx.note(
      t('note.limit', {
        pid,
        max: FD_LIMIT - 1,
        n: into.baseline,
        above: above ? t('note.limitAbove', { n: above }) : '',
      }),
    );
  });
}

const placeholder = (pid: number | null) => (pid === null ? t('placeholder.pid') : String(pid));

/** A judgement about one server process: the command names its pid once the run knows it. */
function aboutProcess(
  id: string,
  text: string,
  server: Limited,
  command: (pid: string) => string[],
  judge: (env: ObserveEnv, pid: number) => Promise<{ ok: boolean; observed: string }>,
  within = 1000,
): Expectation {
  return {
    id,
    text,
    within,
    get command() {
      return command(placeholder(server.pid));
    },
    async attempt(env) {
      if (server.pid === null) return { ok: false, observed: 'the lab found no server process' };
      return judge(env, server.pid);
    },
  };
}

/** /proc/PID/limits says both limits are FD_LIMIT. */
export function expectFdLimit(id: string, server: Limited): Expectation {
  return aboutProcess(
    id,
    t('expect.fdLimit', { limit: FD_LIMIT }),
    server,
    (pid) => ['prlimit', '--pid', pid, '--nofile'],
    async (env, pid) => {
      const limits = (await env.run(['cat', `/proc/${pid}/limits`])).stdout;
      const line = /^Max open files\s+(\d+)\s+(\d+)/m.exec(limits);
      const ok = line?.[1] === String(FD_LIMIT) && line?.[2] === String(FD_LIMIT);
      return {
        ok,
        observed: `${line ? `Max open files ${line[1]} ${line[2]}` : 'no limit line'}; ${server.baseline} descriptors below ${FD_LIMIT} in use`,
      };
    },
    0,
  );
}

/** The server uses `count(baseline)` descriptor slots below the limit (with how many are sockets). */
export function expectOpenFds(
  id: string,
  text: string,
  server: Limited,
  count: (baseline: number) => number,
): Expectation {
  return aboutProcess(
    id,
    text,
    server,
    (pid) => ['ls', `/proc/${pid}/fd`],
    async (env, pid) => {
      const fds = await openFds(env.run, pid);
      const used = slotsUsed(fds);
      const want = count(server.baseline ?? 0);
      const sockets = fds.filter((entry) => entry.target.startsWith('socket:')).length;
      return {
        ok: used === want,
        observed: `${used} descriptors below ${FD_LIMIT} in use (${fds.length} open, ${sockets} sockets), want ${want}`,
      };
    },
  );
}

/**
 * libuv's spare descriptor: opened on /dev/null when the loop starts, closed to make room for
 * one accept() after an EMFILE, and reopened on "/". So `n` descriptors on "/" tells whether
 * the trick has run (0 before, 1 after).
 */
export function expectSpareOnRoot(id: string, server: Limited, n: 0 | 1): Expectation {
  const text = n === 0 ? t('expect.noSpareOnRoot') : t('expect.spareOnRoot');
  return aboutProcess(
    id,
    text,
    server,
    (pid) => ['ls', '-l', `/proc/${pid}/fd`],
    async (env, pid) => {
      const fds = await openFds(env.run, pid);
      const on = (target: string) => fds.filter((entry) => entry.target === target).map((entry) => entry.fd);
      const [onRoot, onNull] = [on('/'), on('/dev/null')];
      return {
        ok: onRoot.length === n,
        observed: `${onRoot.length} on / (fd ${onRoot.join(', ') || '–'}), ${onNull.length} on /dev/null (fd ${onNull.join(', ')})`,
      };
    },
    n === 0 ? 0 : 1000,
  );
}
