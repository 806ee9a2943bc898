// Seed 001 counts TIME-WAIT sockets with `netstat -n -p TCP | grep SYN_RECV | wc -l`. Load
// the port with both states and run its command: it counts the SYN-RECV ones.

import type { Expectation } from '../../checker/expect.ts';
import { ownNetns } from '../close-wait-fixed/conditions.ts';
import type { Bound } from '../kit/bound.ts';
import type { Condition, Step } from '../kit/lab.ts';
import { act, nft, start, step } from '../kit/plan.ts';
import { findTool } from '../kit/tools.ts';
import { t } from './messages.ts';

export const HALF_OPEN = 'half-open client';
const HALF_OPEN_COUNT = 2;
const SEED_COUNT = 'netstat -n -p TCP | grep SYN_RECV | wc -l';
/** The same mistake in iproute2's spelling, where netstat (net-tools) is not installed. */
const SEED_COUNT_SS = 'ss -tan | grep SYN-RECV | wc -l';

/** nft can load rules in the lab's own namespace (never on the host). */
const nftWorks: Condition = {
  get text() {
    return t('when.nftWorks');
  },
  async holds(ctx) {
    const tool = findTool('nft');
    if (!tool || !(await ownNetns.holds(ctx))) return false;
    return ctx.sh([tool, 'list', 'tables']).then(
      () => true,
      () => false,
    );
  },
};

/** The seed's pipeline, run as it is, against what ss counts in each state. */
function expectSeedCount(id: string): Expectation {
  return {
    id,
    text: t('expect.seedCount', { command: SEED_COUNT }),
    command: ['sh', '-c', SEED_COUNT],
    within: 1000,
    async attempt(env) {
      const pipeline = findTool('netstat') ? SEED_COUNT : SEED_COUNT_SS;
      const printed = Number((await env.run(['sh', '-c', pipeline])).stdout.trim());
      const timeWait = (await env.ss(['ss', '-Htan', 'state', 'time-wait'], 'TIME-WAIT')).length;
      const synRecv = (await env.ss(['ss', '-Htan', 'state', 'syn-recv'], 'SYN-RECV')).length;
      return {
        ok: printed === synRecv && printed !== timeWait,
        observed: `\`${pipeline}\` printed ${printed}; ss counts ${timeWait} TIME-WAIT and ${synRecv} SYN-RECV`,
      };
    },
  };
}

/** Half-open connections (where nft can make them), then the seed's count against the right one. */
export function censusSteps(the: Bound, port: number, timeWaits: number): Step[] {
  let halfOpen = 0;
  const synRecvNow = () => the.server.count('census-syn-recv', 'SYN-RECV', '==', halfOpen, { within: 0 });
  return [
    step(
      { title: t('step.halfOpen', { port, n: HALF_OPEN_COUNT }), when: nftWorks },
      nft(
        'lost_synacks',
        `chain input {\n  type filter hook input priority 0;\n  ip daddr 127.0.0.2 tcp sport ${port} tcp flags & (syn | ack) == syn | ack drop\n}`,
        t('nft.halfOpen'),
      ),
      start(HALF_OPEN, { until: /sent \d+ SYNs/, env: { COUNT: String(HALF_OPEN_COUNT) } }),
      the.server.count('half-open-syn-recv', 'SYN-RECV', '==', HALF_OPEN_COUNT, {
        text: t('expect.halfOpen', { port, n: HALF_OPEN_COUNT }),
      }),
      act(t('act.halfOpen'), () => {
        halfOpen = HALF_OPEN_COUNT;
      }),
    ),
    step(
      { title: t('step.census'), when: ownNetns },
      the.server.count('census-time-wait', 'TIME-WAIT', '==', timeWaits, {
        within: 0,
        text: t('expect.censusTimeWait', { n: timeWaits, port }),
      }),
      {
        // How many to expect is known only once the run has (or has not) made them.
        ...synRecvNow(),
        text: t('expect.censusSynRecv', { n: HALF_OPEN_COUNT }),
        attempt: (env) => synRecvNow().attempt(env),
      },
      expectSeedCount('seed-count-is-syn-recv'),
    ),
  ];
}
