import type { Expectation } from '../../checker/expect.ts';
import { hasFlag, isSynAck, type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import { giveUpWindow, retransmits, windowText } from '../../checker/retransmits.ts';
import { describeTimes } from '../../checker/schedule.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { act, dropNft, nft, signal, start, step, waitCapture, waitFor } from '../kit/plan.ts';

const SYNACK_RETRIES = 2;
/** The request is dropped ≈ 7 s = 1 + 2 + 4 after the first SYN/ACK. */
const GIVE_UP = giveUpWindow(7000);

/** The server's SYN/ACKs (the first and its retransmissions). */
function synAcks(packets: readonly Packet[], port: number): Packet[] {
  return packets.filter((packet) => isSynAck(packet) && packet.src.port === port);
}

/** Each SYN/ACK was answered by the client with a bare ACK, and none of them got through. */
function expectEveryAckLost(port: number): Expectation {
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
function expectNeverAccepted(): Expectation {
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
function expectRstToRequest(port: number): Expectation {
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

export default defineLab({
  id: 'synack-retries',
  title: 'SYN/ACK retries: the half-open connection a lost ACK leaves behind',
  topic: 'timers',
  seed: '003',
  summary:
    "The client's final ACK is lost: the client is ESTAB, the server holds a SYN-RECV request and resends its SYN/ACK 1 s and 2 s later (tcp_synack_retries=2), then forgets it ≈ 7 s in; the client's first request meets a RST.",
  needs: { nft: true, tcpdump: true, sysctls: { 'net.ipv4.tcp_synack_retries': SYNACK_RETRIES } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client'),
  },
  // The server keeps the request through 1 + 2 + 4 s of SYN/ACK timers before dropping it.
  floorMs: 7000,
  timeoutMs: 30_000,
  plan: ({ port, the }) => {
    const copies = retransmits({
      label: 'SYN/ACK',
      segments: (packets) => synAcks(packets, port),
      side: 'server',
      port,
      state: 'SYN-RECV',
      command: tcpdumpCommand(`tcp port ${port}`),
      wait: waitCapture,
    });
    // The request's lifetime, first SYN/ACK → gone from ss, on the run's clock.
    let dropped = false;
    let livedMs: number | null = null;
    const requestDropped = the.server.count('server-request-dropped', 'SYN-RECV', '==', 0, {
      within: 6000,
      text: 'within 6 s, the server side has no SYN-RECV left: the request was dropped, silently (no RST)',
    });
    return [
      step(`the server listens on :${port}`, start('server', { listening: true })),
      step(
        'nft drops every segment from the client except its SYN (the final ACK is lost)',
        // Dropped on arrival (input hook): tcpdump sees each ACK leave the client, the server
        // never receives it. Data segments carry ACK too, so nothing completes the handshake.
        nft(
          'drop_client_acks',
          `chain drop_client_acks {
            type filter hook input priority 0;
            tcp dport ${port} tcp flags & (syn | ack) == ack drop
          }`,
        ),
      ),
      // One step from connect() to the dropped request: the kernel's timers do not wait for a
      // step-mode pause, and the request's lifetime is measured live.
      step(
        'the client connects (ESTAB at once); the server keeps a SYN-RECV request, resends its SYN/ACK 1 s and 2 s later, then drops it',
        start('client', { until: /connected/ }),
        the.client.is('client-established', 'ESTAB', {
          text: 'within 1 s, the client side is ESTAB: its connect() returned after the SYN/ACK',
        }),
        ...copies.afterCopy('server-syn-recv', 1, {
          waitMs: 1000,
          maxMs: 1000,
          text: 'within 1 s, the server side is SYN-RECV (a request, no socket for the program yet), timer:(on,…,0) due within 1 s',
        }),
        the.listener.queue(
          'accept-queue-empty',
          { recvQ: ['==', 0] },
          { within: 0, text: 'the listener’s accept queue is empty (Recv-Q 0): there is nothing for accept() yet' },
        ),
        ...copies.afterCopy('syn-recv-after-first-retry', 2, {
          waitMs: 3000,
          maxMs: 2000,
          text: 'after the first resend, ss -o shows SYN-RECV timer:(on,…,1), due within 2 s (the timeout doubled)',
        }),
        ...copies.afterCopy('syn-recv-after-second-retry', 3, {
          waitMs: 4000,
          maxMs: 4000,
          text: `after the second resend, ss -o shows SYN-RECV timer:(on,…,2), due within 4 s: tcp_synack_retries=${SYNACK_RETRIES} is used up`,
        }),
        {
          ...requestDropped,
          attempt: async (env) => {
            const attempt = await requestDropped.attempt(env);
            dropped = attempt.ok;
            return attempt;
          },
        },
        act('time the request: its first SYN/ACK → gone from ss', (ctx) => {
          const first = synAcks(ctx.capture.packets, port)[0];
          livedMs = dropped && first ? ctx.elapsed() - first.tMs : null;
        }),
        the.duration('request-lived-7s', 'the request (first SYN/ACK → gone from ss)', () => livedMs, GIVE_UP, {
          text: `the server kept the request ≈ 7 s = 1 + 2 + 4 (${windowText(GIVE_UP)}, read by polling ss)`,
        }),
      ),
      step(
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
      ),
      step(
        'the network heals; the client sends its first request and gets a RST',
        dropNft('drop_client_acks'),
        signal('client', 'SIGUSR1'),
        waitFor('client', /ECONNRESET|read "/, 5000),
        the.output('client-econnreset', 'client', /ECONNRESET/, {
          text: "the client's first request fails with ECONNRESET",
        }),
        expectRstToRequest(port),
      ),
    ];
  },
});
