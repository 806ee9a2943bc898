// tcp_fin_timeout against the two states it is confused with: a TIME-WAIT keeps its 60 s,
// an orphaned FIN-WAIT-2 is freed after tcp_fin_timeout, and it does not become a TIME-WAIT.

import { describeRow, type Expectation, type ObserveEnv, sideRows } from '../../checker/expect.ts';
import type { Bound } from '../kit/bound.ts';
import type { Step } from '../kit/lab.ts';
import { start, step } from '../kit/plan.ts';
import { expectSysctl } from './expect-sysctl.ts';

export const FIN_TIMEOUT = 5;

/** The client's local port for one of its two connections, once it printed it. */
function portOf(env: ObserveEnv, which: 'first' | 'held'): number | null {
  const pattern = new RegExp(`${which} connection from port (\\d+)`);
  const line = env.output('client').find((text) => pattern.test(text));
  return line ? Number(pattern.exec(line)?.[1]) : null;
}

/**
 * The orphan is gone without a trace: no socket at all on its port (in particular no
 * TIME-WAIT), and the client's only TIME-WAIT is still the polite connection's.
 */
function expectOrphanReaped(id: string, port: number, withinMs: number): Expectation {
  const command = ['ss', '-Htanop', `dport = :${port}`];
  return {
    id,
    text: `within ${withinMs / 1000} s, the orphaned FIN-WAIT-2 is gone, and no TIME-WAIT took its place: the client's only socket left is the polite connection's TIME-WAIT`,
    command,
    within: withinMs,
    async attempt(env) {
      const rows = sideRows(await env.ss(command), 'client', port);
      const held = portOf(env, 'held');
      const first = portOf(env, 'first');
      const orphan = rows.filter((row) => row.local.port === held);
      const timeWaits = rows.filter((row) => row.state === 'TIME-WAIT');
      const ok = held !== null && orphan.length === 0 && timeWaits.length === 1 && timeWaits[0]?.local.port === first;
      return { ok, observed: rows.length ? rows.map(describeRow).join('; ') : 'no client-side socket' };
    },
  };
}

export function finTimeoutSteps(the: Bound, port: number): Step[] {
  const within = (FIN_TIMEOUT + 2) * 1000;
  return [
    step(
      `with tcp_fin_timeout=${FIN_TIMEOUT}: a TIME-WAIT and an orphaned FIN-WAIT-2`,
      expectSysctl(
        'fin-timeout-set',
        'net.ipv4.tcp_fin_timeout',
        String(FIN_TIMEOUT),
        `the lab set tcp_fin_timeout to ${FIN_TIMEOUT} s in its namespace (the default is 60)`,
      ),
      start('server', { listening: true }),
      start('client', { until: /destroyed the held connection/ }),
      // The orphan's timer first: it runs out in FIN_TIMEOUT s, the TIME-WAIT's in 60.
      the.client.timer('orphan-fin-wait-2-timer', 'FIN-WAIT-2', {
        timer: 'timewait',
        maxMs: FIN_TIMEOUT * 1000,
        text: `the orphaned FIN-WAIT-2 counts down from ${FIN_TIMEOUT} s: this is the state tcp_fin_timeout bounds`,
      }),
      the.client.timer('time-wait-still-60s', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 50_000,
        maxMs: 60_000,
        text: `the polite connection's TIME-WAIT counts down from 60 s: tcp_fin_timeout=${FIN_TIMEOUT} did not shorten it`,
      }),
    ),
    step(
      `${FIN_TIMEOUT} s later: the kernel freed the FIN-WAIT-2 and kept the TIME-WAIT`,
      expectOrphanReaped('orphan-reaped', port, within),
      the.client.timer('time-wait-outlives-fin-timeout', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 40_000,
        text: 'the TIME-WAIT is still there, with more than 40 s to go',
      }),
    ),
  ];
}
