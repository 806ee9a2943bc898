// TIME-WAIT ports reused, or not: tcp_tw_reuse 0, 1 and 2 on loopback once the TIME-WAITs
// are older than the reuse delay, a table without timestamps, and the second host, where the
// default 2 does nothing because nothing there is loopback.

import type { Bound } from '../kit/bound.ts';
import type { Step } from '../kit/lab.ts';
import { act, mark, step, sysctl } from '../kit/plan.ts';
import { REUSE } from './fixes.ts';
import { writeSysctl } from './probes.ts';
import { LINK, type SecondHost } from './second-host.ts';
import { type Ages, connects, probe, refused } from './tables.ts';

export function reuseSteps(port: number, the: Bound, host: SecondHost, age: Ages): Step[] {
  const here = { host: '127.0.0.1', port };
  const recycled = (id: string, since: string, text: string) =>
    the.counter(id, 'TcpExtTWRecycled', '==', 1, { since, within: 0, text });
  return [
    step(
      `once the TIME-WAITs are old enough: ${REUSE}=0, 1, 2 on loopback`,
      age.aged('127.0.0.1'),
      sysctl(REUSE, 0),
      ...probe(
        'reuse-0-refused',
        `${REUSE}=0: connect() fails with EADDRNOTAVAIL, however old the TIME-WAITs`,
        here,
        refused,
      ),
      sysctl(REUSE, 1),
      mark('reuse-1'),
      ...probe('reuse-1-connects', `${REUSE}=1: connect() succeeds…`, here, connects),
      recycled('reuse-1-recycled', 'reuse-1', '…on a port taken from a TIME-WAIT: TcpExtTWRecycled grew by exactly 1'),
      ...probe(
        'no-timestamps-refused',
        `${REUSE}=1 towards 127.0.0.5, whose TIME-WAITs have no timestamps: EADDRNOTAVAIL`,
        { host: '127.0.0.5', port },
        refused,
      ),
      sysctl(REUSE, 2),
      mark('reuse-2'),
      ...probe(
        'reuse-2-loopback-connects',
        `${REUSE}=2, the default: connect() succeeds, because 127.0.0.1 is loopback…`,
        here,
        connects,
      ),
      recycled('reuse-2-recycled', 'reuse-2', '…and TcpExtTWRecycled grew by exactly 1 again'),
    ),
    step(
      { title: `the trap: on the second host, ${REUSE}=2 does not apply`, when: host.exists },
      age.aged('second host'),
      host.mark('second-host'),
      ...probe(
        'second-host-reuse-2-refused',
        `${REUSE}=2 on the second host: connect() to ${LINK.here} fails with EADDRNOTAVAIL (not loopback)`,
        { host: LINK.here, port },
        refused,
        host,
      ),
      act(`sysctl -w ${REUSE}=1 on the second host`, (ctx) => writeSysctl(ctx, host, REUSE, 1)),
      ...probe(
        'second-host-reuse-1-connects',
        `${REUSE}=1 on the second host: connect() succeeds`,
        { host: LINK.here, port },
        connects,
        host,
      ),
      host.counter(
        'second-host-recycled',
        'TcpExtTWRecycled',
        '==',
        1,
        'second-host',
        "the second host's TcpExtTWRecycled grew by exactly 1",
      ),
    ),
  ];
}
