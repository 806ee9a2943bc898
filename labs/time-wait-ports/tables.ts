// The tables of TIME-WAIT the lab fills, and what it reads first: the defaults of a new
// namespace, one connection per request until connect() fails, a table without timestamps,
// and one on the second host. ages() remembers when each began to fill, for the probes that must
// wait until those TIME-WAITs are old enough to reuse.

import type { Bound } from '../kit/bound.ts';
import type { Step } from '../kit/lab.ts';
import { act, hasSysctl, mark, start, step, sysctl } from '../kit/plan.ts';
import { ONE_SECOND, REUSE, REUSE_DELAY } from './fixes.ts';
import { type Destination, summaryHolds, sysctlReads, THIS_HOST, timeWaitCensus, tryConnects } from './probes.ts';
import { LINK, type SecondHost } from './second-host.ts';

/** 50 ephemeral ports: connect() picks its local port from here (one even, one odd end). */
export const PORT_RANGE = '40000 40049';
export const FILL = 60;
/** tcp_tw_reuse_delay's default (read in the first step), and a delay no table here reaches. */
const DEFAULT_DELAY_MS = 1000;
const YOUNG_DELAY_MS = 10_000;
export const TIMESTAMPS = 'net.ipv4.tcp_timestamps';
/** How far past the reuse delay a probe waits, for the clock's and the scheduler's jitter. */
const AGE_MARGIN_MS = 100;

export const refused = { connected: 0, failed: 1, errno: 'EADDRNOTAVAIL' };
export const connects = { connected: 1, failed: 0, errno: null };

/** When each table of 50 TIME-WAITs filled, and waiting until they are old enough to reuse. */
export function ages() {
  const filled = new Map<string, number>();
  return {
    /**
     * When the table began to fill: the oldest TIME-WAIT is the one that must be old enough.
     * For a client run, its summary says how long it took; a bash fill takes milliseconds.
     */
    filled: (label: string, role?: string) =>
      act(`remember when the ${label} table began to fill`, (ctx) => {
        const line = role ? ctx.proc(role).stdout.findLast((text) => text.includes('client: done:')) : undefined;
        const tookMs = Number(/(\d+) ms$/.exec(line ?? '')?.[1] ?? 0);
        filled.set(label, ctx.elapsed() - tookMs);
      }),
    aged: (label: string) =>
      act(
        `wait until the ${label} TIME-WAITs are older than ${REUSE_DELAY} (or a second, where there is none)`,
        async (ctx) => {
          const delay = Number((await ctx.readSysctl(REUSE_DELAY)) ?? ONE_SECOND);
          const left = (filled.get(label) ?? 0) + delay + AGE_MARGIN_MS - ctx.elapsed();
          if (left > 0) await ctx.pause(left);
        },
      ),
  };
}

export function probe(
  id: string,
  text: string,
  to: Destination,
  want: typeof refused | typeof connects,
  where = THIS_HOST,
) {
  return tryConnects({ id, text, to, count: 1, want, where });
}

export function defaultsSteps(): Step[] {
  return [
    step(
      'what a new network namespace starts with',
      sysctlReads(
        'reuse-default-2',
        REUSE,
        '2',
        `${REUSE} reads 2: reuse TIME-WAIT ports for loopback connections only (the default since Linux 4.18; seed 001 says 0)`,
      ),
      sysctlReads(
        'timestamps-on',
        TIMESTAMPS,
        '1',
        `${TIMESTAMPS} reads 1: connections carry timestamps, which reuse relies on`,
      ),
      sysctlReads(
        'port-range-50',
        'net.ipv4.ip_local_port_range',
        PORT_RANGE,
        `ip_local_port_range reads ${PORT_RANGE}: 50 local ports for connect() (the lab narrowed it)`,
      ),
    ),
    step(
      { title: `this kernel has ${REUSE_DELAY}`, when: hasSysctl(REUSE_DELAY) },
      sysctlReads(
        'reuse-delay-default',
        REUSE_DELAY,
        String(DEFAULT_DELAY_MS),
        `${REUSE_DELAY} reads ${DEFAULT_DELAY_MS}: with reuse on, a TIME-WAIT port may be taken once it is 1 s old`,
      ),
    ),
  ];
}

export function exhaustionSteps(port: number, the: Bound, age: Ages): Step[] {
  const here = { host: '127.0.0.1', port };
  return [
    step(
      `${FILL} requests, a new connection each, the client closes first (${REUSE}=0, as between two hosts)`,
      sysctl(REUSE, 0),
      mark('exhaust'),
      start('client', { until: /client: done/, env: { REQUESTS: String(FILL) } }),
      age.filled('127.0.0.1', 'client'),
      the.output('connect-eaddrnotavail', 'client', /request 51 failed: connect EADDRNOTAVAIL/, {
        within: 0,
        text: 'request 51 fails in connect() with EADDRNOTAVAIL: no local port is left for 127.0.0.1:8818',
      }),
      summaryHolds(
        'ten-failed',
        'client',
        `50 requests answered, the other ${FILL - 50} failed`,
        (s) => s.answered === 50 && s.failed === FILL - 50,
      ),
      timeWaitCensus({
        id: 'client-time-wait-50',
        side: 'client',
        to: here,
        op: '==',
        n: 50,
        text: 'the client holds 50 TIME-WAIT towards 127.0.0.1:8818: one per port in the range',
      }),
      timeWaitCensus({
        id: 'server-time-wait-none',
        side: 'server',
        to: here,
        op: '==',
        n: 0,
        within: 0,
        text: 'the server holds none: it closed second',
      }),
      the.counter('active-opens-50', 'TcpActiveOpens', '==', 50, {
        since: 'exhaust',
        within: 0,
        text: `TcpActiveOpens grew by exactly 50 for ${FILL} connect() calls: the failed ones never sent a SYN`,
      }),
    ),
    step(
      {
        title: `${REUSE}=1, but ${REUSE_DELAY}=${YOUNG_DELAY_MS}: every TIME-WAIT is younger than that`,
        when: hasSysctl(REUSE_DELAY),
      },
      // Judged with a 10 s delay rather than the default 1 s, so a slow machine cannot age the
      // table past the delay before the probe runs.
      sysctl(REUSE, 1),
      sysctl(REUSE_DELAY, YOUNG_DELAY_MS),
      ...probe(
        'young-not-reused',
        `connect() still fails with EADDRNOTAVAIL: no TIME-WAIT here is ${YOUNG_DELAY_MS / 1000} s old yet`,
        here,
        refused,
      ),
      sysctl(REUSE_DELAY, DEFAULT_DELAY_MS),
      sysctl(REUSE, 0),
    ),
  ];
}

export function otherTablesSteps(port: number, host: SecondHost, age: Ages): Step[] {
  return [
    step(
      {
        title: `the second host (${LINK.there}) fills its own table: ${FILL} connects to ${LINK.here}`,
        when: host.exists,
      },
      sysctlReads(
        'second-host-reuse-2',
        REUSE,
        '2',
        `the second host's ${REUSE} reads 2 too (its own namespace's default)`,
        host,
      ),
      ...tryConnects({
        id: 'second-host-full',
        text: `the first 50 or so connect, then connect() fails with EADDRNOTAVAIL`,
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
        text: `and the second host holds 50 TIME-WAIT towards ${LINK.here}:${port}, one per port`,
      }),
      age.filled('second host'),
    ),
    step(
      `a table without timestamps: ${TIMESTAMPS}=0, ${FILL} connects to 127.0.0.5`,
      sysctl(TIMESTAMPS, 0),
      ...tryConnects({
        id: 'no-timestamps-full',
        text: `the first 50 or so connect, then connect() fails with EADDRNOTAVAIL`,
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
        text: 'and 50 TIME-WAIT, without timestamps, hold the 50 ports towards 127.0.0.5',
      }),
      sysctl(TIMESTAMPS, 1),
    ),
  ];
}

export type Ages = ReturnType<typeof ages>;
