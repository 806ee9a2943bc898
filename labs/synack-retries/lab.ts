import { tcpdumpCommand } from '../../checker/packets.ts';
import { giveUpWindow, retransmits } from '../../checker/retransmits.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { act, dropNft, mark, signal, start, step, waitCapture, waitFor } from '../kit/plan.ts';
import {
  dropClientAcks,
  evidenceStep,
  expectRstToRequest,
  oneLostAckStep,
  SYNACK_RETRIES,
  synAcks,
} from './expectations.ts';

/** The request is dropped ≈ 7 s = 1 + 2 + 4 after the first SYN/ACK. */
const GIVE_UP = giveUpWindow(7000);

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
    ...playing('client', 'client.ts', 'client', 'second-client'),
  },
  // The server keeps the request through 1 + 2 + 4 s of SYN/ACK timers before dropping it;
  // the second client's lost ACK costs one more 1 s timer.
  floorMs: 8000,
  timeoutMs: 30_000,
  plan: (input) => {
    const { port, the } = input;
    const copies = retransmits({
      label: 'SYN/ACK',
      segments: (packets) => synAcks(packets, port),
      side: 'server',
      port,
      state: 'SYN-RECV',
      command: tcpdumpCommand(`tcp port ${port}`),
      // The request's timer doubles: 1 s, 2 s, then 4 s until it is dropped.
      waitsMs: [1000, 2000, 4000],
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
        dropClientAcks('drop_client_acks', port),
      ),
      // One step from connect() to the dropped request: the kernel's timers do not wait for a
      // step-mode pause, and the request's lifetime is measured live.
      step(
        'the client connects (ESTAB at once); the server keeps a SYN-RECV request, resends its SYN/ACK 1 s and 2 s later, then drops it',
        mark('connect'),
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
        // Polling ss can only see the request gone late, never early: it bounds the lifetime
        // from below. The kernel's own count of the request timer's expiries says when it went.
        the.duration(
          'request-lived-7s',
          'the request (first SYN/ACK → gone from ss)',
          () => livedMs,
          { minMs: GIVE_UP.minMs },
          {
            text: `the server kept the request at least ${GIVE_UP.minMs / 1000} s (read by polling ss, which can only be late)`,
          },
        ),
        the.counter('request-timer-expired-3-times', 'TcpExtTCPTimeouts', '==', SYNACK_RETRIES + 1, {
          since: 'connect',
          within: 0,
          text: `the request was dropped at its timer's third expiry (TcpExtTCPTimeouts +${SYNACK_RETRIES + 1}: two resends, then the drop), 1 + 2 + 4 = 7 s after the first SYN/ACK`,
        }),
      ),
      evidenceStep(input, copies),
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
      oneLostAckStep(input),
    ];
  },
});
