// tcp_tw_reuse ends a TIME-WAIT early. With connect() left a single local port, a new
// connection to the same server can only have the four-tuple a TIME-WAIT holds: connect()
// fails at first, then, once the TIME-WAIT is old enough (tcp_tw_reuse_delay), takes it over.
// The TIME-WAIT is gone long before its 60 s; the kernel counts it in TcpExtTWRecycled.

import { describeRow, type Expectation } from '../../checker/expect.ts';
import type { Bound } from '../kit/bound.ts';
import type { Step } from '../kit/lab.ts';
import { act, hasSysctl, mark, start, step, waitFor } from '../kit/plan.ts';
import { TW_REUSE_DELAY } from './defaults.ts';
import { t } from './messages.ts';

export const REUSE_PORT = 41000;
const RANGE = 'net.ipv4.ip_local_port_range';

/** The port's TIME-WAIT is gone, and a live connection has its four-tuple. */
function expectTakenOver(id: string, localPort: number): Expectation {
  const command = ['ss', '-Htanop', `sport = :${localPort}`];
  return {
    id,
    text: t('reuse.gone', { port: localPort }),
    command,
    within: 1000,
    async attempt(env) {
      const rows = (await env.ss(command)).filter((row) => row.local.port === localPort);
      const ok = rows.length === 1 && rows[0]?.state === 'ESTAB';
      return { ok, observed: rows.length ? rows.map(describeRow).join('; ') : `no socket on port ${localPort}` };
    },
  };
}

export function twReuseSteps(the: Bound): Step[] {
  let range: string | null = null;
  return [
    step(
      t('reuse.step'),
      act(t('reuse.onePort', { range: RANGE, port: REUSE_PORT }), async (ctx) => {
        range = await ctx.readSysctl(RANGE);
        await ctx.sysctl(RANGE, `${REUSE_PORT} ${REUSE_PORT}`);
      }),
      mark('reuse'),
      start('reuser', { until: /connect\(\) failed at first|connected again/ }),
      waitFor('reuser', /connected again/, 8000),
      the.output('reuse-took-over', 'reuser', new RegExp(`connected again from port ${REUSE_PORT} after \\d+ ms`), {
        text: t('reuse.tookOver', { port: REUSE_PORT }),
      }),
      expectTakenOver('reused-time-wait-gone', REUSE_PORT),
      the.counter('tw-recycled', 'TcpExtTWRecycled', '==', 1, {
        since: 'reuse',
        within: 0,
        text: t('reuse.recycled'),
      }),
      act(t('reuse.restore'), async (ctx) => {
        if (range !== null) await ctx.sysctl(RANGE, range);
      }),
    ),
    step(
      // Older kernels reuse once the seconds clock passes the last timestamp's second, which
      // may be a few milliseconds later: there the first connect() may already succeed.
      { title: t('reuse.young.step', { key: TW_REUSE_DELAY }), when: hasSysctl(TW_REUSE_DELAY) },
      the.output('reuse-blocked-at-first', 'reuser', /connect\(\) failed at first: EADDRNOTAVAIL/, {
        within: 0,
        text: t('reuse.blocked'),
      }),
    ),
  ];
}
