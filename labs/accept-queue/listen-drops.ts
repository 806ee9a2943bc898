// Seed 003 reads TcpExtListenDrops ("SYNs to LISTEN sockets dropped") as the SYN queue
// overflowing. The kernel counts it for every segment a listener drops, an accept-queue
// overflow included: tcp_conn_request() and tcp_v4_syn_recv_sock() count ListenOverflows and
// then tcp_listendrop(). With only the accept queue full, the two counters move together and
// the SYN-queue counters not at all, which is what the seed's two identical numbers show.

import type { Expectation } from '../../checker/expect.ts';
import { t } from './messages.ts';

export function expectListenDropsAreOverflows(id: string, since: string): Expectation {
  const names = ['TcpExtListenDrops', 'TcpExtListenOverflows', 'TcpExtTCPReqQFullDrop', 'TcpExtTCPReqQFullDoCookies'];
  return {
    id,
    text: t('expect.listenDrops'),
    command: ['nstat', '-asz', ...names],
    within: 0,
    async attempt(env) {
      const deltas = await env.counterDeltas(since);
      const [drops, overflows, full, cookies] = names.map((name) => deltas[name] ?? 0) as [
        number,
        number,
        number,
        number,
      ];
      return {
        ok: overflows >= 1 && drops === overflows && full === 0 && cookies === 0,
        observed: names.map((name, i) => `${name} +${[drops, overflows, full, cookies][i]}`).join(', '),
      };
    },
  };
}
