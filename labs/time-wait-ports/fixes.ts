// The three fixes, measured the same way: 200 requests under the same 50-port range, each
// towards its own destination (127.0.0.2, .3, .4 — another address is another port table),
// then one line that sets them side by side.

import type { Expectation } from '../../checker/expect.ts';
import type { Bound } from '../kit/bound.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { act, hasSysctl, mark, type StepItem, start, step, sysctl, waitFor } from '../kit/plan.ts';
import { t } from './messages.ts';
import {
  censusCommand,
  type Destination,
  type Summary,
  summaryHolds,
  summaryOf,
  timeWaitCensus,
  timeWaits,
} from './probes.ts';

export const FIX_REQUESTS = 200;
export const REUSE = 'net.ipv4.tcp_tw_reuse';
export const REUSE_DELAY = 'net.ipv4.tcp_tw_reuse_delay';
/** Where the kernel has no tcp_tw_reuse_delay (6.1), reuse waits for the clock's next second. */
export const ONE_SECOND = 1000;

/** Each fix dials its own address, and each fix's client is its own role (its output apart). */
export const FIX_HOSTS = { 'keep-alive': '127.0.0.2', 'server-closes': '127.0.0.3', 'tw-reuse': '127.0.0.4' } as const;
export type Fix = keyof typeof FIX_HOSTS;

const to = (fix: Fix, port: number): Destination => ({ host: FIX_HOSTS[fix], port });

/** Start a fix's client (it makes FIX_REQUESTS requests towards its own address). */
function launch(fix: Fix, port: number, env: Record<string, string>, until?: RegExp) {
  const { host } = to(fix, port);
  return start(fix, { until, timeoutMs: 20_000, env: { HOST: host, REQUESTS: String(FIX_REQUESTS), ...env } });
}

const allAnswered = (fix: Fix, text: string) =>
  summaryHolds(`${fix}-all-answered`, fix, text, (s) => s.answered === FIX_REQUESTS && s.failed === 0);

/** As many TIME-WAIT on `side` towards a fix's address as local ports its client used. */
function onePerPort(id: string, fix: Fix, side: 'client' | 'server', port: number, text: string): Expectation {
  const towards = to(fix, port);
  return {
    id,
    text,
    command: censusCommand(side, towards),
    within: 1000,
    async attempt(env) {
      const ports = summaryOf(env, fix)?.localPorts;
      const seen = await timeWaits(env, side, towards);
      return { ok: seen.count === ports, observed: `${seen.shown}; the client used ${ports ?? '?'} local ports` };
    },
  };
}

/** ≥ 3 reuse delays: after the first 50 ports, each round of 50 waits for its TIME-WAITs to age. */
function reuseTook(): Expectation {
  let floorMs = 0;
  return {
    id: 'tw-reuse-paced',
    text: t('expect.twReusePaced', { n: FIX_REQUESTS }),
    command: null,
    within: 0,
    async attempt(env) {
      const delay = await env.readSysctl(REUSE_DELAY);
      floorMs = delay === null ? 2 * ONE_SECOND : 3 * Number(delay);
      const summary: Summary | null = summaryOf(env, 'tw-reuse');
      if (!summary) return { ok: false, observed: 'the tw-reuse client printed no summary' };
      return {
        ok: summary.ms >= floorMs - 50,
        observed: `${summary.ms} ms (floor ${floorMs} ms), ${summary.retries} retries`,
      };
    },
  };
}

/** Fix 1: every request on one connection. */
function keepAliveItems(port: number): StepItem[] {
  return [
    summaryHolds(
      'keep-alive-all-answered',
      'keep-alive',
      t('expect.keepAliveAll', { n: FIX_REQUESTS }),
      (s) => s.answered === FIX_REQUESTS && s.failed === 0 && s.connections === 1 && s.localPorts === 1,
    ),
    timeWaitCensus({
      id: 'keep-alive-one-time-wait',
      side: 'client',
      to: to('keep-alive', port),
      op: '==',
      n: 1,
      text: t('expect.keepAliveOne'),
    }),
  ];
}

/** Fix 2: a connection per request, but the server closes first. */
function serverClosesItems(port: number): StepItem[] {
  return [
    allAnswered('server-closes', t('expect.serverClosesAll', { n: FIX_REQUESTS })),
    timeWaitCensus({
      id: 'server-closes-client-none',
      side: 'client',
      to: to('server-closes', port),
      op: '==',
      n: 0,
      within: 0,
      text: t('expect.serverClosesNone'),
    }),
    onePerPort('server-closes-one-per-port', 'server-closes', 'server', port, t('expect.serverClosesOnePerPort')),
  ];
}

/** Fix 3: a connection per request, the client closes first, tcp_tw_reuse=1 takes old TIME-WAITs. */
function reuseItems(port: number, the: Bound): StepItem[] {
  return [
    allAnswered('tw-reuse', t('expect.twReuseAll', { reuse: REUSE, n: FIX_REQUESTS })),
    the.counter('tw-reuse-recycled', 'TcpExtTWRecycled', '>=', FIX_REQUESTS - 50, {
      since: 'tw-reuse',
      within: 0,
      text: t('expect.twReuseRecycled', { n: FIX_REQUESTS - 50 }),
    }),
    reuseTook(),
    onePerPort('tw-reuse-one-per-port', 'tw-reuse', 'client', port, t('expect.twReuseOnePerPort')),
  ];
}

const FIXES = Object.keys(FIX_HOSTS) as Fix[];

/**
 * Fixes 1 and 2 need no sysctl and never hold a client TIME-WAIT that tcp_tw_reuse could
 * apply to, so they start while the tables age and the probes run; fix 3 needs
 * tcp_tw_reuse=1 and starts after them. All three are judged together, side by side.
 */
export function startFixesStep({ port }: PlanInput): Step {
  return step(
    t('step.startFixes', { n: FIX_REQUESTS }),
    launch('keep-alive', port, { MODE: 'keep-alive' }),
    launch('server-closes', port, { MODE: 'server-closes' }),
  );
}

export function reuseFixSteps({ port, scale, the }: PlanInput): Step[] {
  return [
    step(
      {
        title: t('step.shortDelay', { delay: REUSE_DELAY, ms: scale(1000) }),
        when: hasSysctl(REUSE_DELAY),
      },
      sysctl(REUSE_DELAY, scale(1000)),
    ),
    step(
      t('step.fix3', { reuse: REUSE, n: FIX_REQUESTS }),
      sysctl(REUSE, 1),
      mark('tw-reuse'),
      launch('tw-reuse', port, { RETRY_MS: '10' }, /client: done/),
      ...reuseItems(port, the),
    ),
    step(
      {
        title: t('step.meanwhile'),
        predict: {
          question: t('predict.meanwhile', { n: FIX_REQUESTS }),
          expectation: 'server-closes-client-none',
          choices: ['0', '50', String(FIX_REQUESTS)],
        },
      },
      ...FIXES.map((fix) => waitFor(fix, /client: done/, 20_000)),
      ...keepAliveItems(port),
      ...serverClosesItems(port),
    ),
  ];
}

/** The three figures in one line, from what the clients printed. */
export function sideBySideStep(): Step {
  return step(
    t('step.sideBySide'),
    act(t('act.sideBySide'), (ctx) => {
      for (const fix of FIXES) {
        const line = ctx.proc(fix).stdout.findLast((text) => text.includes('client: done:'));
        ctx.note(`${fix}: ${line?.replace('client: done: ', '') ?? t('note.noSummary')}`);
      }
    }),
  );
}
