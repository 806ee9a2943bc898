// The tables of TIME-WAIT the lab fills, and what it reads first: the defaults of a new
// namespace, one connection per request until connect() fails, a table without timestamps,
// and one on the second host. ages() remembers when each began to fill, for the probes that must
// wait until those TIME-WAITs are old enough to reuse.

import type { Bound } from '../kit/bound.ts';
import type { Step } from '../kit/lab.ts';
import { act, hasSysctl, mark, start, step, sysctl } from '../kit/plan.ts';
import { ONE_SECOND, REUSE, REUSE_DELAY } from './fixes.ts';
import { t } from './messages.ts';
import { type Destination, summaryHolds, sysctlReads, THIS_HOST, timeWaitCensus, tryConnects } from './probes.ts';
import { LINK, type SecondHost } from './second-host.ts';

/** 50 ephemeral ports: connect() picks its local port from here (one even, one odd end). */
export const PORT_RANGE = '40000 40049';
export const FILL = 60;
/** tcp_tw_reuse_delay's default (read in the first step), and a delay no table here reaches. */
const DEFAULT_DELAY_MS = 1000;
const YOUNG_DELAY_MS = 10_000;
export const TIMESTAMPS = 'net.ipv4.tcp_timestamps';
/** Seed 001 turns it on; Linux 4.12 removed it. */
const RECYCLE = 'net.ipv4.tcp_tw_recycle';
/** How far past the reuse delay a probe waits, for the clock's and the scheduler's jitter. */
const AGE_MARGIN_MS = 100;

export const refused = { connected: 0, failed: 1, errno: 'EADDRNOTAVAIL' };
export const connects = { connected: 1, failed: 0, errno: null };

/** The second host's table, by the label ages() keys it on. */
export const SECOND_HOST = 'second host';
/** A table's label as the learner reads it ("127.0.0.1", "second host"). */
const shown = (label: string) => (label === SECOND_HOST ? t('label.secondHost') : label);

/** When each table of 50 TIME-WAITs filled, and waiting until they are old enough to reuse. */
export function ages() {
  const filled = new Map<string, number>();
  return {
    /**
     * When the table began to fill: the oldest TIME-WAIT is the one that must be old enough.
     * For a client run, its summary says how long it took; a bash fill takes milliseconds.
     */
    filled: (label: string, role?: string) =>
      act(t('act.filled', { label: shown(label) }), (ctx) => {
        const line = role ? ctx.proc(role).stdout.findLast((text) => text.includes('client: done:')) : undefined;
        const tookMs = Number(/(\d+) ms$/.exec(line ?? '')?.[1] ?? 0);
        filled.set(label, ctx.elapsed() - tookMs);
      }),
    aged: (label: string) =>
      act(t('act.aged', { label: shown(label), delay: REUSE_DELAY }), async (ctx) => {
        const delay = Number((await ctx.readSysctl(REUSE_DELAY)) ?? ONE_SECOND);
        const left = (filled.get(label) ?? 0) + delay + AGE_MARGIN_MS - ctx.elapsed();
        if (left > 0) await ctx.pause(left);
      }),
  };
}

export function probe(
  id: string,
  text: string,
  to: Destination,
  want: typeof refused | typeof connects,
  where = THIS_HOST,
) {
  const answer = want === refused ? refused.errno : t('choice.connects');
  return tryConnects({ id, text, to, count: 1, want, where, answer });
}

export function defaultsSteps(): Step[] {
  return [
    step(
      t('step.defaults'),
      sysctlReads('reuse-default-2', REUSE, '2', t('expect.reuseDefault', { name: REUSE })),
      sysctlReads('timestamps-on', TIMESTAMPS, '1', t('expect.timestampsOn', { name: TIMESTAMPS })),
      sysctlReads(
        'port-range-50',
        'net.ipv4.ip_local_port_range',
        PORT_RANGE,
        t('expect.portRange', { range: PORT_RANGE }),
      ),
      sysctlReads('tw-recycle-gone', RECYCLE, null, t('expect.recycleGone', { name: RECYCLE })),
    ),
    step(
      { title: t('step.hasDelay', { name: REUSE_DELAY }), when: hasSysctl(REUSE_DELAY) },
      sysctlReads(
        'reuse-delay-default',
        REUSE_DELAY,
        String(DEFAULT_DELAY_MS),
        t('expect.delayDefault', { name: REUSE_DELAY, ms: DEFAULT_DELAY_MS }),
      ),
    ),
  ];
}

export function exhaustionSteps(port: number, the: Bound, age: Ages): Step[] {
  const here = { host: '127.0.0.1', port };
  return [
    step(
      {
        title: t('step.exhaust', { n: FILL, reuse: REUSE }),
        predict: {
          question: t('predict.exhaust', { n: FILL }),
          expectation: 'connect-eaddrnotavail',
          choices: [refused.errno, 'ECONNREFUSED', 'ETIMEDOUT', t('choice.waits')],
        },
      },
      sysctl(REUSE, 0),
      mark('exhaust'),
      start('client', { until: /client: done/, env: { REQUESTS: String(FILL) } }),
      age.filled('127.0.0.1', 'client'),
      the.output('connect-eaddrnotavail', 'client', /request 51 failed: connect EADDRNOTAVAIL/, {
        within: 0,
        text: t('expect.eaddrnotavail'),
        answer: refused.errno,
      }),
      summaryHolds(
        'ten-failed',
        'client',
        t('expect.tenFailed', { n: FILL - 50 }),
        (s) => s.answered === 50 && s.failed === FILL - 50,
      ),
      timeWaitCensus({
        id: 'client-time-wait-50',
        side: 'client',
        to: here,
        op: '==',
        n: 50,
        text: t('expect.client50'),
      }),
      timeWaitCensus({
        id: 'server-time-wait-none',
        side: 'server',
        to: here,
        op: '==',
        n: 0,
        within: 0,
        text: t('expect.serverNone'),
      }),
      the.counter('active-opens-50', 'TcpActiveOpens', '==', 50, {
        since: 'exhaust',
        within: 0,
        text: t('expect.activeOpens', { n: FILL }),
      }),
    ),
    step(
      {
        title: t('step.young', { reuse: REUSE, delay: REUSE_DELAY, ms: YOUNG_DELAY_MS }),
        when: hasSysctl(REUSE_DELAY),
      },
      // Judged with a 10 s delay rather than the default 1 s, so a slow machine cannot age the
      // table past the delay before the probe runs.
      sysctl(REUSE, 1),
      sysctl(REUSE_DELAY, YOUNG_DELAY_MS),
      ...probe('young-not-reused', t('expect.young', { s: YOUNG_DELAY_MS / 1000 }), here, refused),
      sysctl(REUSE_DELAY, DEFAULT_DELAY_MS),
      sysctl(REUSE, 0),
    ),
  ];
}

export function otherTablesSteps(port: number, host: SecondHost, age: Ages): Step[] {
  return [
    step(
      {
        title: t('step.secondHostFills', { there: LINK.there, here: LINK.here, n: FILL }),
        when: host.exists,
      },
      sysctlReads('second-host-reuse-2', REUSE, '2', t('expect.secondHostReuse2', { name: REUSE }), host),
      ...tryConnects({
        id: 'second-host-full',
        text: t('expect.fills'),
        to: { host: LINK.here, port },
        count: FILL,
        want: 'fills',
        where: host,
      }),
      timeWaitCensus({
        id: 'second-host-time-wait-50',
        side: 'client',
        to: { host: LINK.here, port },
        op: '==',
        n: 50,
        where: host,
        text: t('expect.secondHost50', { to: `${LINK.here}:${port}` }),
      }),
      age.filled(SECOND_HOST),
    ),
    step(
      t('step.noTimestamps', { name: TIMESTAMPS, n: FILL }),
      sysctl(TIMESTAMPS, 0),
      ...tryConnects({
        id: 'no-timestamps-full',
        text: t('expect.fills'),
        to: { host: '127.0.0.5', port },
        count: FILL,
        want: 'fills',
      }),
      timeWaitCensus({
        id: 'no-timestamps-time-wait-50',
        side: 'client',
        to: { host: '127.0.0.5', port },
        op: '==',
        n: 50,
        text: t('expect.noTimestamps50'),
      }),
      sysctl(TIMESTAMPS, 1),
    ),
  ];
}

export type Ages = ReturnType<typeof ages>;
