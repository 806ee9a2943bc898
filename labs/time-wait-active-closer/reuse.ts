// A server's TIME-WAIT accepting a new SYN from the very client port it remembers. Seed 001
// says TIME-WAIT forbids a new connection on the same four-tuple; the kernel lets a SYN in
// when it is newer than anything the old connection saw (its timestamp, or without
// timestamps its sequence number), and gives the new connection an ISN of its own making.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Expectation, ObserveEnv } from '../../checker/expect.ts';
import { kernelAtLeast } from '../../checker/kernel-version.ts';
import { fromClient, hasFlag, isSyn, isSynAck, splitConnections, tcpdumpCommand } from '../../checker/packets.ts';
import { captured } from '../close-wait-fixed/conditions.ts';
import type { Bound } from '../kit/bound.ts';
import type { Condition, Step } from '../kit/lab.ts';
import { act, start, step, waitFor } from '../kit/plan.ts';
import { t } from './messages.ts';

export const SAME_PORT = 'same-port client';

/** The ISN a TIME-WAIT socket hands a new connection: its next sequence number + 65535 + 2. */
const TW_ISN_STEP = 65537;

/** The client port the same-port client used, once it printed it. */
function clientPort(env: ObserveEnv): number | null {
  const line = env.output(SAME_PORT).find((text) => /from port \d+/.test(text));
  return line ? Number(/from port (\d+)/.exec(line)?.[1]) : null;
}

/** The two connections of the reused four-tuple in the capture, and the old one's FIN. */
function reusedPair(env: ObserveEnv, port: number) {
  const reused = clientPort(env);
  const conns = splitConnections(env.packets(), [port]).filter((c) => c.client.port === reused);
  const [old, renewed] = conns;
  const fin = old?.packets.find((p) => hasFlag(p, 'FIN') && !fromClient(old, p));
  return { reused, count: conns.length, old, renewed, fin };
}

/** From the capture: the server answered the new SYN with a SYN/ACK, not the TIME-WAIT's ACK. */
function expectSynAccepted(id: string, port: number): Expectation {
  return {
    id,
    text: t('expect.synAccepted'),
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const { reused, count, renewed } = reusedPair(env, port);
      const syn = renewed?.packets[0];
      const answer = renewed?.packets.find((p) => !fromClient(renewed, p));
      if (!renewed || !syn || !answer)
        return { ok: false, observed: `${count} connection(s) from client port ${reused} in the capture` };
      const ok = isSyn(syn) && isSynAck(answer) && answer.ack === ((syn.seq ?? 0) + 1) % 2 ** 32;
      return {
        ok,
        observed: `new SYN seq ${syn.seq}; the server's first answer: Flags [${answer.flagText}], ack ${answer.ack}, ${Math.round((answer.tMs - syn.tMs) * 10) / 10} ms later`,
      };
    },
  };
}

/** From the capture: the server's SYN/ACK on the reused four-tuple has the TIME-WAIT's ISN. */
function expectTimeWaitIsn(id: string, port: number): Expectation {
  return {
    id,
    text: t('expect.isn', { step: TW_ISN_STEP }),
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const { reused, count, old, renewed, fin } = reusedPair(env, port);
      if (!old || !renewed || !fin || renewed.serverIsn === null) {
        return { ok: false, observed: `${count} connection(s) from client port ${reused} in the capture` };
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

/**
 * Before 6.10 the ISN the TIME-WAIT chose was lost on the skb's way to the listener, which
 * picked a fresh one (fixed by "tcp: replace TCP_SKB_CB(skb)->tcp_tw_isn with a per-cpu field").
 */
const keepsTimeWaitIsn: Condition = {
  get text() {
    return t('when.keepsIsn');
  },
  holds: async (ctx) => kernelAtLeast(6, 10) && (await captured.holds(ctx)),
};

export function reuseSteps(the: Bound, port: number): Step[] {
  return [
    step(
      t('step.samePort'),
      start(SAME_PORT, { until: /holds TIME-WAIT for it/ }),
      the.server.timer('same-port-time-wait', 'TIME-WAIT', {
        timer: 'timewait',
        which: (row, env) => row.peer.port === clientPort(env),
        text: t('expect.samePortTimeWait'),
      }),
      act(t('act.reconnect'), (ctx) => {
        writeFileSync(path.join(ctx.runDir, 'reconnect'), '');
      }),
      waitFor(SAME_PORT, /connected again/),
      the.output('same-port-reconnected', SAME_PORT, /connected again from port \d+ and got an answer/, {
        text: t('expect.samePortReconnected'),
      }),
    ),
    step({ title: t('step.synAccepted'), when: captured }, expectSynAccepted('tw-syn-accepted', port)),
    step({ title: t('step.isn'), when: keepsTimeWaitIsn }, expectTimeWaitIsn('tw-syn-isn', port)),
  ];
}
