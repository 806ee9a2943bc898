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

export const SYNACK_RETRIES = 2;

/** The server's SYN/ACKs (the first and its retransmissions). */
export function synAcks(packets: readonly Packet[], port: number): Packet[] {
  return packets.filter((packet) => isSynAck(packet) && packet.src.port === port);
}

/** Each SYN/ACK was answered by the client with a bare ACK, and none of them got through. */
export function expectEveryAckLost(port: number): Expectation {
  return {
    id: 'client-acked-every-synack',
    text: `the client answered each of the ${SYNACK_RETRIES + 1} SYN/ACKs with an ACK (tcpdump saw them leave; nft dropped them on arrival)`,
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
    text: 'the server program never accepted the connection (it only ever sees completed handshakes)',
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
    text: "tcpdump saw the request arrive and the server's kernel answer with RST: no connection, only a listener",
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
    text: `one lost ACK costs one SYN/ACK timeout: the server resent its SYN/ACK 1 s later (${slackText(RETRANSMIT_SLACK)}; a later resend if the rule came off late), the client answered it with another ACK, and that one arrived`,
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
    'only the first ACK is lost: the next SYN/ACK draws another, and the handshake completes',
    dropClientAcks('drop_first_ack', port),
    act('note where the capture stands before the second client dials', (ctx) => {
      from = ctx.capture.packets.length;
    }),
    start('second-client', { until: /connected/ }),
    waitCapture(
      "the second client's handshake ACK",
      (packets) => mine(packets).some((p) => p.dst.port === port && hasFlag(p, 'ACK') && !hasFlag(p, 'SYN')),
      2000,
    ),
    dropNft('drop_first_ack'),
    waitFor('server', /accepted/, 4000),
    expectRepaired(port, () => from),
    the.server.is('repaired-connection-established', 'ESTAB', {
      text: 'the server side of the second connection is ESTAB: the request became a socket',
    }),
    the.output('repaired-connection-accepted', 'server', /accepted/, {
      within: 0,
      text: 'the server program accepted it, about 1 s late',
    }),
  );
}

/** The first client's evidence: three SYN/ACKs, three lost ACKs, a client still ESTAB. */
export function evidenceStep({ port, the }: PlanInput, copies: Retransmits<Action>): Step {
  return step(
    'the evidence: three SYN/ACKs, three lost ACKs, and a client that still thinks it is connected',
    copies.schedule(
      'synack-schedule',
      [1000, 2000],
      `tcpdump saw 3 SYN/ACKs, 1 s then 2 s apart (${copies.tolerance}), all with the same sequence number, and nothing from the server after them`,
      0,
    ),
    expectEveryAckLost(port),
    the.counter('client-challenge-acks', 'TcpExtTCPSYNChallenge', '==', SYNACK_RETRIES, {
      within: 0,
      text: `TcpExtTCPSYNChallenge grew by ${SYNACK_RETRIES}: to the ESTAB client a repeated SYN/ACK is a SYN on an open connection, answered with a challenge ACK (RFC 5961)`,
    }),
    the.counter('synack-retrans-counted', 'TcpExtTCPSynRetrans', '==', SYNACK_RETRIES, {
      within: 0,
      text: `TcpExtTCPSynRetrans grew by exactly ${SYNACK_RETRIES} (it counts SYN/ACKs resent, too)`,
    }),
    the.client.is('client-still-established', 'ESTAB', {
      within: 0,
      text: 'the client side is still ESTAB: half-open, it has a connection the server no longer knows',
    }),
    expectNeverAccepted(),
  );
}
