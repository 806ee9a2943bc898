// A server's TIME-WAIT accepting a new SYN from the very client port it remembers. Seed 001
// says TIME-WAIT forbids a new connection on the same four-tuple; the kernel lets a SYN in
// when it is newer than anything the old connection saw (its timestamp, or without
// timestamps its sequence number), and gives the new connection an ISN of its own making.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Expectation, ObserveEnv } from '../../checker/expect.ts';
import { fromClient, hasFlag, splitConnections, tcpdumpCommand } from '../../checker/packets.ts';
import { captured } from '../close-wait-fixed/conditions.ts';
import type { Bound } from '../kit/bound.ts';
import type { Step } from '../kit/lab.ts';
import { act, start, step, waitFor } from '../kit/plan.ts';

export const SAME_PORT = 'same-port client';

/** The ISN a TIME-WAIT socket hands a new connection: its next sequence number + 65535 + 2. */
const TW_ISN_STEP = 65537;

/** The client port the same-port client used, once it printed it. */
function clientPort(env: ObserveEnv): number | null {
  const line = env.output(SAME_PORT).find((text) => /from port \d+/.test(text));
  return line ? Number(/from port (\d+)/.exec(line)?.[1]) : null;
}

/** From the capture: the server's SYN/ACK on the reused four-tuple has the TIME-WAIT's ISN. */
function expectTimeWaitIsn(id: string, port: number): Expectation {
  return {
    id,
    text: `the capture shows the server's new SYN/ACK numbered from the old connection's next sequence number + ${TW_ISN_STEP}: the TIME-WAIT socket itself took the SYN (tcp_timewait_state_process)`,
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const reused = clientPort(env);
      const conns = splitConnections(env.packets(), [port]).filter((c) => c.client.port === reused);
      const [old, renewed] = conns;
      const fin = old?.packets.find((p) => hasFlag(p, 'FIN') && !fromClient(old, p));
      if (!old || !renewed || !fin || renewed.serverIsn === null) {
        return { ok: false, observed: `${conns.length} connection(s) from client port ${reused} in the capture` };
      }
      const next = ((fin.seqEnd ?? 0) + 1) % 2 ** 32;
      const expected = (next + TW_ISN_STEP) % 2 ** 32;
      return {
        ok: renewed.serverIsn === expected,
        observed: `old connection: the server's FIN was seq ${fin.seqEnd}, so its next sequence number was ${next}; new SYN/ACK: seq ${renewed.serverIsn} (${next} + ${TW_ISN_STEP} = ${expected})`,
      };
    },
  };
}

export function reuseSteps(the: Bound, port: number): Step[] {
  return [
    step(
      'a new connection from the same client port, while the server holds TIME-WAIT for it',
      start(SAME_PORT, { until: /holds TIME-WAIT for it/ }),
      the.server.timer('same-port-time-wait', 'TIME-WAIT', {
        timer: 'timewait',
        which: (row, env) => row.peer.port === clientPort(env),
        text: "the server holds TIME-WAIT for the client's address and port",
      }),
      act('let the client dial again from that same port', (ctx) => {
        writeFileSync(path.join(ctx.runDir, 'reconnect'), '');
      }),
      waitFor(SAME_PORT, /connected again/),
      the.output('same-port-reconnected', SAME_PORT, /connected again from port \d+ and got an answer/, {
        text: 'the new connection from the same port was accepted and answered: the TIME-WAIT did not forbid it',
      }),
    ),
    step(
      { title: 'the capture: the TIME-WAIT socket itself answered the new SYN', when: captured },
      expectTimeWaitIsn('tw-syn-isn', port),
    ),
  ];
}
