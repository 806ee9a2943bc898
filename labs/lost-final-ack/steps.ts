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

/** The FIN's first resend: a tail loss probe, 2·srtt + 200 ms (tcp_rto_min) after it. */
export const RESEND_MS = 200;
const MAX_TW_BUCKETS = 'net.ipv4.tcp_max_tw_buckets';
/** The longest a capture wait allows for the next resend of the FIN. */
const RESEND_WAIT_MS = 15_000;
const at = (p: Packet | undefined) => (p ? `+${Math.round(p.tMs)} ms` : 'never');

/** The client ports, learned from what each client prints, for the capture waits. */
export type Ports = Record<string, number | null>;

export function learnPort(role: string, ports: Ports): Action {
  return act(`note the port the ${role} dialed from (it prints it)`, (ctx) => {
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
    nft(
      'lose_final_ack',
      loseBareAcks(port),
      "drop every bare ACK from a client on arrival: after the hello, the only one left is the close's last",
    ),
    mark(since),
    signal(role, 'SIGTERM'),
    waitClose(role, `the ${role}'s ACK of the server's FIN`, { ports, port }, (c) => c.acks.length >= 1),
  ];
}

/** The client closes, the server answers with its FIN, and the client's ACK of it is lost. */
function lostAck({ port, the }: PlanInput, ports: Ports, readings: Readings): Step {
  return step(
    {
      title: 'the client shuts down: FIN →, ← FIN, and its last ACK is lost',
      say: 'Which states are the two ends in now?',
    },
    ...closeLosingTheAck('client', ports, port, 'lost'),
    expectClose(
      'final-ack-sent',
      "the capture shows the server's FIN and the client's ACK of it (which nft dropped on arrival)",
      'client',
      port,
      (c) => ({
        ok: c.fins.length >= 1 && c.acks.length >= 1,
        observed: `server FIN at ${at(c.fins[0])}, client ACK (ack ${c.acks[0]?.ack}) at ${at(c.acks[0])}`,
      }),
    ),
    the.server.timer('server-waits-in-last-ack', 'LAST-ACK', {
      timer: 'on',
      text: "ss -o shows the server's socket in LAST-ACK with its retransmission timer on: it waits for an ACK that never came",
    }),
    expectTimeWaitFromLastAck(
      {
        id: 'time-wait-from-its-ack',
        text: "the client's socket is in TIME-WAIT, its timer due 60 s after the server's FIN came in and it sent the ACK",
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
    `ACKs pass again; ≈ ${RESEND_MS} ms after its FIN the server sends it again, and TIME-WAIT answers`,
    dropNft('lose_final_ack'),
    // The first resend whose ACK gets through ends LAST-ACK. Each resend waits twice as long
    // as the one before, and on a slow machine the rule may have outlived several of them.
    the.server.count('last-ack-ends', 'LAST-ACK', '==', 0, {
      within: RESEND_WAIT_MS,
      text: 'the server side leaves LAST-ACK at the next resend: an ACK got through and its close is complete',
    }),
    the.wire.schedule('fin-resent', {
      text: `the server sent the same FIN again ≈ ${RESEND_MS} ms after the first (${slackText(RETRANSMIT_SLACK)})`,
      command: finCommand(port),
      label: 'server FINs',
      segments: (env) => closeOf(env.packets(), printedPort(env.output('client')) ?? 0, port).fins.slice(0, 2),
      gapsMs: [RESEND_MS],
      slack: RETRANSMIT_SLACK,
      sameSeq: true,
    }),
    expectClose(
      'time-wait-acks-again',
      "the client's TIME-WAIT answers the resent FIN with the same ACK",
      'client',
      port,
      (c) => ({
        ok:
          c.acks.length >= 2 &&
          (c.acks.at(-1)?.tMs ?? 0) > (c.fins[1]?.tMs ?? Infinity) &&
          new Set(c.acks.map((a) => a.ack)).size === 1,
        observed: `ACKs at ${c.acks.map(at).join(', ')}, all ack ${c.acks[0]?.ack}; FINs at ${c.fins.map(at).join(', ')}`,
      }),
    ),
    expectClose('no-rst', 'no RST either way: both ends closed cleanly', 'client', port, (c) => ({
      ok: c.rsts.length === 0,
      observed: c.rsts.length ? `RST at ${c.rsts.map(at).join(', ')}` : 'no RST',
    })),
    expectTimeWaitFromLastAck(
      {
        id: 'time-wait-restarted',
        text: "the client's TIME-WAIT timer restarted: it now fires 60 s after the repeated FIN it last answered, not the first",
        role: 'client',
        port,
        restarted: true,
      },
      readings,
    ),
    the.counter('fin-resend-counted', 'TcpRetransSegs', '>=', 1, {
      since: 'lost',
      text: 'TcpRetransSegs grew: the kernel counts the resent FIN as a retransmission',
    }),
    the.counter('resend-is-a-loss-probe', 'TcpExtTCPLossProbes', '>=', 1, {
      since: 'lost',
      within: 0,
      text: 'TcpExtTCPLossProbes grew: the first resend was a tail loss probe, not yet the RTO',
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
      `no TIME-WAIT to answer: ${MAX_TW_BUCKETS}=0 in this namespace, the second client, the same lost ACK`,
      sysctl(MAX_TW_BUCKETS, 0),
      ...closeLosingTheAck('second-client', ports, port, 'no-time-wait'),
      waitClose(
        'second-client',
        "the server's FIN sent again, and what answers it",
        { ports, port },
        (c) => c.rsts.length >= 1,
        RESEND_WAIT_MS,
      ),
      the.counter('time-wait-overflow', 'TcpExtTCPTimeWaitOverflow', '==', 1, {
        since: 'no-time-wait',
        text: "TcpExtTCPTimeWaitOverflow grew by exactly 1: the client's kernel kept no TIME-WAIT, it closed the socket outright",
      }),
      the.client.count('no-second-time-wait', 'TIME-WAIT', '==', 1, {
        within: 0,
        text: "the client side still holds just the first client's TIME-WAIT: the second left none",
      }),
      expectClose(
        'resent-fin-meets-rst',
        'the resent FIN is answered by a RST from the client port: no socket there remembers the connection',
        'second-client',
        port,
        (c) => {
          const rst = c.rsts[0];
          return {
            ok:
              c.fins.length >= 2 &&
              rst !== undefined &&
              rst.src.port !== port &&
              rst.tMs > (c.fins[1]?.tMs ?? Infinity),
            observed: `FINs at ${c.fins.map(at).join(', ')}; RST from :${rst?.src.port} at ${at(rst)}; ACKs of the FIN: ${c.acks.length}`,
          };
        },
      ),
      the.counter('rst-for-the-fin', 'TcpOutRsts', '==', 1, {
        since: 'no-time-wait',
        within: 0,
        text: 'TcpOutRsts grew by exactly 1: the RST sent for a segment to a port with no socket',
      }),
      the.server.count('rst-ends-last-ack', 'LAST-ACK', '==', 0, {
        text: "within 1 s, the server's LAST-ACK is gone: ended by the RST (an error, ECONNRESET, on a socket nobody holds)",
      }),
      expectServerUnaware(
        'server-never-knew',
        "the server's program never heard of it: it reported the socket closed with no error when it handed over its FIN",
        'second-client',
      ),
    ),
  ];
}
