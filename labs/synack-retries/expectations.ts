// What the capture and the programs show in synack-retries: the server's SYN/ACKs, the
// client's ACKs that never arrived, a server program that never accepted, the RST to the
// client's late request; and a single lost ACK that the next SYN/ACK repairs.

import type { Expectation } from '../../checker/expect.ts';
import { hasFlag, isSyn, isSynAck, type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import type { Retransmits } from '../../checker/retransmits.ts';
import { describeTimes } from '../../checker/schedule.ts';
import { RETRANSMIT_SLACK, slackText } from '../../checker/tolerance.ts';
import type { Action, PlanInput, Step } from '../kit/lab.ts';
import { act, dropNft, nft, start, step, waitCapture, waitFor } from '../kit/plan.ts';
import { t } from './messages.ts';

export const SYNACK_RETRIES = 2;

/** The server's SYN/ACKs (the first and its retransmissions). */
export function synAcks(packets: readonly Packet[], port: number): Packet[] {
  return packets.filter((packet) => isSynAck(packet) && packet.src.port === port);
}

/** Each SYN/ACK was answered by the client with a bare ACK, and none of them got through. */
export function expectEveryAckLost(port: number): Expectation {
  return {
    id: 'client-acked-every-synack',
    text: t('evidence.everyAckLost', { n: SYNACK_RETRIES + 1 }),
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const all = env.packets();
      // The client's segments that carry ACK but no SYN and no data: its handshake ACK, repeats.
      const bare = all.filter((p) => p.dst.port === port && hasFlag(p, 'ACK') && !hasFlag(p, 'SYN') && !p.length);
      const sent = synAcks(all, port).length;
      const observed = `${sent} SYN/ACKs, ${bare.length} client ACKs at ${describeTimes(bare)}`;
      return { ok: bare.length === SYNACK_RETRIES + 1 && sent === SYNACK_RETRIES + 1, observed };
    },
  };
}

/** The server program's accept() never returned this connection. */
export function expectNeverAccepted(): Expectation {
  return {
    id: 'server-never-accepted',
    text: t('evidence.neverAccepted'),
    command: null,
    within: 0,
    async attempt(env) {
      const accepted = env.output('server').find((line) => /accepted/.test(line));
      return accepted ? { ok: false, observed: accepted } : { ok: true, observed: 'server printed no "accepted" line' };
    },
  };
}

/** The client's request reached the server's kernel, which answered with RST. */
export function expectRstToRequest(port: number): Expectation {
  return {
    id: 'server-answered-rst',
    text: t('heal.rst'),
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const all = env.packets();
      const request = all.find((p) => p.dst.port === port && p.length > 0);
      const reset = request && all.find((p) => p.src.port === port && hasFlag(p, 'RST') && p.tMs >= request.tMs);
      if (!request) return { ok: false, observed: 'no data segment from the client yet' };
      if (!reset) return { ok: false, observed: `request (${request.length} bytes) seen, no RST after it` };
      return {
        ok: true,
        observed: `request of ${request.length} bytes at +${(request.tMs / 1000).toFixed(3)}s, RST [${reset.flagText}] ${reset.tMs - request.tMs} ms later`,
      };
    },
  };
}

/** nft drops the client's ACKs on arrival (and its data: data carries ACK too). */
export const dropClientAcks = (name: string, port: number) =>
  nft(
    name,
    `chain ${name} {
      type filter hook input priority 0;
      tcp dport ${port} tcp flags & (syn | ack) == ack drop
    }`,
  );

/** One connection's segments: the SYN of the first client port that dialled after `from`. */
function connectionAfter(packets: readonly Packet[], port: number, from: number): Packet[] {
  const syn = packets.slice(from).find((p) => isSyn(p) && p.dst.port === port);
  if (!syn) return [];
  const client = syn.src.port;
  return packets.slice(from).filter((p) => p.src.port === client || p.dst.port === client);
}

/**
 * The second connection: its handshake ACK dropped, then a resent SYN/ACK (1 s later; 1 + 2 s
 * had the rule been lifted late) that drew another ACK, which arrived.
 */
function expectRepaired(port: number, from: () => number): Expectation {
  return {
    id: 'one-lost-ack-repaired',
    text: t('oneLost.repaired', { slack: slackText(RETRANSMIT_SLACK) }),
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 1000,
    async attempt(env) {
      const segments = connectionAfter(env.packets(), port, from());
      const synAcks = segments.filter((p) => isSynAck(p) && p.src.port === port);
      const acks = segments.filter((p) => p.dst.port === port && hasFlag(p, 'ACK') && !hasFlag(p, 'SYN'));
      // The repair: the last SYN/ACK, and the ACK after it (the server's ESTAB says it arrived).
      const repair = synAcks.at(-1);
      const answered = repair ? acks.find((p) => p.tMs >= repair.tMs) : undefined;
      const gaps = synAcks.slice(1).map((p, i) => p.tMs - (synAcks[i] as Packet).tMs);
      const doubling = gaps.every((gap, i) => {
        const due = 1000 * 2 ** i;
        return gap >= due - RETRANSMIT_SLACK.earlyMs && gap <= due + RETRANSMIT_SLACK.lateMs;
      });
      const observed = `${synAcks.length} SYN/ACKs at ${describeTimes(synAcks)}, ${acks.length} client ACKs${answered && repair ? `, the last ${Math.round((answered.tMs - repair.tMs) * 1000)} µs after the last SYN/ACK` : ''}`;
      const ok = synAcks.length >= 2 && doubling && answered !== undefined;
      return { ok, observed };
    },
  };
}

/** A second client whose first ACK alone is lost: the server's next SYN/ACK repairs it. */
export function oneLostAckStep({ port, the }: PlanInput): Step {
  let from = 0;
  const mine = (packets: readonly Packet[]) => connectionAfter(packets, port, from);
  return step(
    t('oneLost.step'),
    dropClientAcks('drop_first_ack', port),
    act(t('oneLost.actCapture'), (ctx) => {
      from = ctx.capture.packets.length;
    }),
    start('second-client', { until: /connected/ }),
    waitCapture(
      t('oneLost.waitAck'),
      (packets) => mine(packets).some((p) => p.dst.port === port && hasFlag(p, 'ACK') && !hasFlag(p, 'SYN')),
      2000,
    ),
    dropNft('drop_first_ack'),
    waitFor('server', /accepted/, 4000),
    expectRepaired(port, () => from),
    the.server.is('repaired-connection-established', 'ESTAB', {
      text: t('oneLost.established'),
    }),
    the.output('repaired-connection-accepted', 'server', /accepted/, {
      within: 0,
      text: t('oneLost.accepted'),
    }),
  );
}

/** The first client's evidence: three SYN/ACKs, three lost ACKs, a client still ESTAB. */
export function evidenceStep({ port, the }: PlanInput, copies: Retransmits<Action>): Step {
  return step(
    {
      title: t('evidence.step'),
      predict: {
        question: t('evidence.predict'),
        expectation: 'client-still-established',
        choices: ['ESTAB', 'SYN-SENT', 'CLOSE-WAIT', 'CLOSED'],
      },
    },
    copies.schedule('synack-schedule', [1000, 2000], t('evidence.schedule', { tolerance: copies.tolerance }), 0),
    expectEveryAckLost(port),
    the.counter('client-challenge-acks', 'TcpExtTCPSYNChallenge', '==', SYNACK_RETRIES, {
      within: 0,
      text: t('evidence.challenge', { n: SYNACK_RETRIES }),
    }),
    the.counter('synack-retrans-counted', 'TcpExtTCPSynRetrans', '==', SYNACK_RETRIES, {
      within: 0,
      text: t('evidence.synRetrans', { n: SYNACK_RETRIES }),
    }),
    the.client.is('client-still-established', 'ESTAB', {
      within: 0,
      text: t('evidence.stillEstablished'),
    }),
    expectNeverAccepted(),
  );
}
