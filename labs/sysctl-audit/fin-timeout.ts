// tcp_fin_timeout against the two states it is confused with: a TIME-WAIT keeps its 60 s,
// an orphaned FIN-WAIT-2 is freed after tcp_fin_timeout, and it does not become a TIME-WAIT.

import { describeRow, type Expectation, type ObserveEnv, sideRows } from '../../checker/expect.ts';
import { expectSysctl } from '../../checker/expect-sysctl.ts';
import type { Bound } from '../kit/bound.ts';
import type { Step } from '../kit/lab.ts';
import { start, step } from '../kit/plan.ts';
import { t } from './messages.ts';

export const FIN_TIMEOUT = 5;
/** TCP_TIMEWAIT_LEN (include/net/tcp.h): what the TIME-WAIT timer starts from, whatever the sysctls. */
const TIME_WAIT_S = 60;

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
    text: t('fin.reaped', { s: withinMs / 1000 }),
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
      {
        title: t('fin.step', { s: FIN_TIMEOUT }),
        predict: {
          question: t('fin.predict', { s: FIN_TIMEOUT }),
          expectation: 'time-wait-still-60s',
          choices: [FIN_TIMEOUT, 30, TIME_WAIT_S, 2 * TIME_WAIT_S].map((s) => t('choice.seconds', { s })),
        },
      },
      expectSysctl(
        'fin-timeout-set',
        'net.ipv4.tcp_fin_timeout',
        String(FIN_TIMEOUT),
        t('fin.set', { s: FIN_TIMEOUT }),
      ),
      start('server', { listening: true }),
      start('client', { until: /destroyed the held connection/ }),
      // The orphan's timer first: it runs out in FIN_TIMEOUT s, the TIME-WAIT's in 60.
      the.client.timer('orphan-fin-wait-2-timer', 'FIN-WAIT-2', {
        timer: 'timewait',
        maxMs: FIN_TIMEOUT * 1000,
        text: t('fin.orphanTimer', { s: FIN_TIMEOUT }),
      }),
      the.client.timer('time-wait-still-60s', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 50_000,
        maxMs: 60_000,
        text: t('fin.timeWait60', { s: FIN_TIMEOUT }),
        answer: t('choice.seconds', { s: TIME_WAIT_S }),
      }),
    ),
    step(
      t('fin.later.step', { s: FIN_TIMEOUT }),
      expectOrphanReaped('orphan-reaped', port, within),
      the.client.timer('time-wait-outlives-fin-timeout', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 40_000,
        text: t('fin.outlives'),
      }),
    ),
  ];
}
