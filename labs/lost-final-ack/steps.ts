// The lab's two parts as steps: the final ACK lost while TIME-WAIT can answer the FIN that
// comes again, and lost again with no TIME-WAIT kept. Plan-local state (the client ports,
// the first TIME-WAIT reading) is passed in, so every run starts afresh.

import type { Packet } from '../../checker/packets.ts';
import { printedPort } from '../../checker/teardown-wire.ts';
import { RETRANSMIT_SLACK, slackText } from '../../checker/tolerance.ts';
import type { Action, PlanInput, Step } from '../kit/lab.ts';
import { act, dropNft, mark, nft, signal, step, sysctl, waitCapture } from '../kit/plan.ts';
import {
  type Close,
  closeOf,
  expectClose,
  expectServerUnaware,
  expectTimeWaitFromLastAck,
  finCommand,
  loseBareAcks,
  type Readings,
} from './final-ack.ts';
import { t } from './messages.ts';

/** The FIN's first resend: a tail loss probe, 2·srtt + 200 ms (tcp_rto_min) after it. */
export const RESEND_MS = 200;
const MAX_TW_BUCKETS = 'net.ipv4.tcp_max_tw_buckets';
/** The longest a capture wait allows for the next resend of the FIN. */
const RESEND_WAIT_MS = 15_000;
const at = (p: Packet | undefined) => (p ? `+${Math.round(p.tMs)} ms` : 'never');
/** What may answer a FIN the server sends again: the choices of the two predictions about it. */
const answers = () => ['ACK', 'RST', 'FIN', t('choice.nothing')];

/** The client ports, learned from what each client prints, for the capture waits. */
export type Ports = Record<string, number | null>;

export function learnPort(role: string, ports: Ports): Action {
  return act(t('act.learnPort', { role }), (ctx) => {
    ports[role] = printedPort(ctx.proc(role).stdout);
  });
}

/** Wait until the capture shows this much of a client's close. */
function waitClose(
  role: string,
  what: string,
  { ports, port }: { ports: Ports; port: number },
  ready: (close: Close) => boolean,
  timeoutMs = 5000,
) {
  return waitCapture(what, (packets) => ports[role] != null && ready(closeOf(packets, ports[role], port)), timeoutMs);
}

/** The firewall starts losing bare ACKs, the client is told to stop, and its last ACK is lost. */
function closeLosingTheAck(role: string, ports: Ports, port: number, since: string): Action[] {
  return [
    nft('lose_final_ack', loseBareAcks(port), t('nft.why')),
    mark(since),
    signal(role, 'SIGTERM'),
    waitClose(role, t('wait.ackOfFin', { role }), { ports, port }, (c) => c.acks.length >= 1),
  ];
}

/** The client closes, the server answers with its FIN, and the client's ACK of it is lost. */
function lostAck({ port, the }: PlanInput, ports: Ports, readings: Readings): Step {
  return step(
    {
      title: t('lost.step'),
      say: t('lost.say'),
      predict: {
        question: t('lost.predict'),
        expectation: 'server-waits-in-last-ack',
        choices: ['CLOSE-WAIT', 'LAST-ACK', 'TIME-WAIT', 'CLOSED'],
      },
    },
    ...closeLosingTheAck('client', ports, port, 'lost'),
    expectClose('final-ack-sent', t('lost.sent'), 'client', port, null, (c) => ({
      ok: c.fins.length >= 1 && c.acks.length >= 1,
      observed: `server FIN at ${at(c.fins[0])}, client ACK (ack ${c.acks[0]?.ack}) at ${at(c.acks[0])}`,
    })),
    the.server.timer('server-waits-in-last-ack', 'LAST-ACK', {
      timer: 'on',
      text: t('lost.lastAck'),
    }),
    expectTimeWaitFromLastAck(
      {
        id: 'time-wait-from-its-ack',
        text: t('lost.timeWait'),
        role: 'client',
        port,
        restarted: false,
      },
      readings,
    ),
  );
}

/** ACKs pass again: the server's FIN comes again, and the client's TIME-WAIT answers it. */
function answeredAgain({ port, the }: PlanInput, readings: Readings): Step {
  return step(
    {
      title: t('again.step', { ms: RESEND_MS }),
      predict: { question: t('again.predict'), expectation: 'time-wait-acks-again', choices: answers() },
    },
    dropNft('lose_final_ack'),
    // The first resend whose ACK gets through ends LAST-ACK. Each resend waits twice as long
    // as the one before, and on a slow machine the rule may have outlived several of them.
    the.server.count('last-ack-ends', 'LAST-ACK', '==', 0, {
      within: RESEND_WAIT_MS,
      text: t('again.lastAckEnds'),
    }),
    the.wire.schedule('fin-resent', {
      text: t('again.finResent', { ms: RESEND_MS, slack: slackText(RETRANSMIT_SLACK) }),
      command: finCommand(port),
      label: 'server FINs',
      segments: (env) => closeOf(env.packets(), printedPort(env.output('client')) ?? 0, port).fins.slice(0, 2),
      gapsMs: [RESEND_MS],
      slack: RETRANSMIT_SLACK,
      sameSeq: true,
    }),
    expectClose('time-wait-acks-again', t('again.acksAgain'), 'client', port, 'ACK', (c) => ({
      ok:
        c.acks.length >= 2 &&
        (c.acks.at(-1)?.tMs ?? 0) > (c.fins[1]?.tMs ?? Infinity) &&
        new Set(c.acks.map((a) => a.ack)).size === 1,
      observed: `ACKs at ${c.acks.map(at).join(', ')}, all ack ${c.acks[0]?.ack}; FINs at ${c.fins.map(at).join(', ')}`,
    })),
    expectClose('no-rst', t('again.noRst'), 'client', port, null, (c) => ({
      ok: c.rsts.length === 0,
      observed: c.rsts.length ? `RST at ${c.rsts.map(at).join(', ')}` : 'no RST',
    })),
    expectTimeWaitFromLastAck(
      {
        id: 'time-wait-restarted',
        text: t('again.restarted'),
        role: 'client',
        port,
        restarted: true,
      },
      readings,
    ),
    the.counter('fin-resend-counted', 'TcpRetransSegs', '>=', 1, {
      since: 'lost',
      text: t('again.counted'),
    }),
    the.counter('resend-is-a-loss-probe', 'TcpExtTCPLossProbes', '>=', 1, {
      since: 'lost',
      within: 0,
      text: t('again.lossProbe'),
    }),
  );
}

export function withTimeWait(input: PlanInput, ports: Ports, readings: Readings): Step[] {
  return [lostAck(input, ports, readings), answeredAgain(input, readings)];
}

export function withoutTimeWait(input: PlanInput, ports: Ports): Step[] {
  const { port, the } = input;
  return [
    step(
      {
        title: t('none.step', { sysctl: MAX_TW_BUCKETS }),
        predict: {
          question: t('none.predict', { sysctl: MAX_TW_BUCKETS }),
          expectation: 'resent-fin-meets-rst',
          choices: answers(),
        },
      },
      sysctl(MAX_TW_BUCKETS, 0),
      ...closeLosingTheAck('second-client', ports, port, 'no-time-wait'),
      waitClose('second-client', t('wait.finAgain'), { ports, port }, (c) => c.rsts.length >= 1, RESEND_WAIT_MS),
      the.counter('time-wait-overflow', 'TcpExtTCPTimeWaitOverflow', '==', 1, {
        since: 'no-time-wait',
        text: t('none.overflow'),
      }),
      the.client.count('no-second-time-wait', 'TIME-WAIT', '==', 1, {
        within: 0,
        text: t('none.noSecond'),
      }),
      expectClose('resent-fin-meets-rst', t('none.rst'), 'second-client', port, 'RST', (c) => {
        const rst = c.rsts[0];
        return {
          ok:
            c.fins.length >= 2 && rst !== undefined && rst.src.port !== port && rst.tMs > (c.fins[1]?.tMs ?? Infinity),
          observed: `FINs at ${c.fins.map(at).join(', ')}; RST from :${rst?.src.port} at ${at(rst)}; ACKs of the FIN: ${c.acks.length}`,
        };
      }),
      the.counter('rst-for-the-fin', 'TcpOutRsts', '==', 1, {
        since: 'no-time-wait',
        within: 0,
        text: t('none.outRsts'),
      }),
      the.server.count('rst-ends-last-ack', 'LAST-ACK', '==', 0, {
        text: t('none.rstEnds'),
      }),
      expectServerUnaware('server-never-knew', t('none.unaware'), 'second-client'),
    ),
  ];
}
