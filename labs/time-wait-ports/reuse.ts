// TIME-WAIT ports reused, or not: tcp_tw_reuse 0, 1 and 2 on loopback once the TIME-WAITs
// are older than the reuse delay, a table without timestamps, and the second host, where the
// default 2 does nothing because nothing there is loopback.

import type { Bound } from '../kit/bound.ts';
import type { Step } from '../kit/lab.ts';
import { act, mark, step, sysctl } from '../kit/plan.ts';
import { REUSE } from './fixes.ts';
import { t } from './messages.ts';
import { writeSysctl } from './probes.ts';
import { LINK, type SecondHost } from './second-host.ts';
import { type Ages, connects, probe, refused, SECOND_HOST } from './tables.ts';

export function reuseSteps(port: number, the: Bound, host: SecondHost, age: Ages): Step[] {
  const here = { host: '127.0.0.1', port };
  const recycled = (id: string, since: string, text: string) =>
    the.counter(id, 'TcpExtTWRecycled', '==', 1, { since, within: 0, text });
  return [
    step(
      {
        title: t('step.reuseLoopback', { reuse: REUSE }),
        predict: {
          question: t('predict.reuseLoopback', { reuse: REUSE }),
          expectation: 'reuse-2-loopback-connects',
          choices: [t('choice.connects'), refused.errno],
        },
      },
      age.aged('127.0.0.1'),
      sysctl(REUSE, 0),
      ...probe('reuse-0-refused', t('expect.reuse0', { reuse: REUSE }), here, refused),
      sysctl(REUSE, 1),
      mark('reuse-1'),
      ...probe('reuse-1-connects', t('expect.reuse1', { reuse: REUSE }), here, connects),
      recycled('reuse-1-recycled', 'reuse-1', t('expect.reuse1Recycled')),
      ...probe(
        'no-timestamps-refused',
        t('expect.noTimestampsRefused', { reuse: REUSE }),
        { host: '127.0.0.5', port },
        refused,
      ),
      sysctl(REUSE, 2),
      mark('reuse-2'),
      ...probe('reuse-2-loopback-connects', t('expect.reuse2', { reuse: REUSE }), here, connects),
      recycled('reuse-2-recycled', 'reuse-2', t('expect.reuse2Recycled')),
    ),
    step(
      {
        title: t('step.trap', { reuse: REUSE }),
        when: host.exists,
        predict: {
          question: t('predict.trap', { reuse: REUSE, here: LINK.here }),
          expectation: 'second-host-reuse-2-refused',
          choices: [t('choice.connects'), refused.errno],
        },
      },
      age.aged(SECOND_HOST),
      host.mark('second-host'),
      ...probe(
        'second-host-reuse-2-refused',
        t('expect.secondHostReuse2Refused', { reuse: REUSE, here: LINK.here }),
        { host: LINK.here, port },
        refused,
        host,
      ),
      act(t('act.secondHostReuse1', { reuse: REUSE }), (ctx) => writeSysctl(ctx, host, REUSE, 1)),
      ...probe(
        'second-host-reuse-1-connects',
        t('expect.secondHostReuse1', { reuse: REUSE }),
        { host: LINK.here, port },
        connects,
        host,
      ),
      host.counter('second-host-recycled', 'TcpExtTWRecycled', '==', 1, 'second-host', t('expect.secondHostRecycled')),
    ),
  ];
}
