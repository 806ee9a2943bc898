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
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';

/** The request is dropped ≈ 7 s = 1 + 2 + 4 after the first SYN/ACK (2^(N+1) − 1 s for N retries). */
const REQUEST_LIFE_S = 2 ** (SYNACK_RETRIES + 1) - 1;
const GIVE_UP = giveUpWindow(REQUEST_LIFE_S * 1000);

export default defineLab({
  id: 'synack-retries',
  get title() {
    return t('title');
  },
  topic: 'timers',
  seed: '003',
  get summary() {
    return t('summary', { retries: SYNACK_RETRIES, s: REQUEST_LIFE_S });
  },
  needs: { nft: true, tcpdump: true, sysctls: { 'net.ipv4.tcp_synack_retries': SYNACK_RETRIES } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'second-client'),
  },
  get interview() {
    return interviewQuestions();
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
      text: t('connect.requestDropped'),
    });
    return [
      step(t('step.listens', { port }), start('server', { listening: true })),
      step(
        t('step.dropAcks'),
        // Dropped on arrival (input hook): tcpdump sees each ACK leave the client, the server
        // never receives it. Data segments carry ACK too, so nothing completes the handshake.
        dropClientAcks('drop_client_acks', port),
      ),
      // One step from connect() to the dropped request: the kernel's timers do not wait for a
      // step-mode pause, and the request's lifetime is measured live.
      step(
        {
          title: t('step.connect'),
          predict: { question: t('connect.predict'), expectation: 'accept-queue-empty', choices: ['0', '1', '2', '3'] },
        },
        mark('connect'),
        start('client', { until: /connected/ }),
        the.client.is('client-established', 'ESTAB', {
          text: t('connect.established'),
        }),
        ...copies.afterCopy('server-syn-recv', 1, {
          waitMs: 1000,
          maxMs: 1000,
          text: t('connect.synRecv'),
        }),
        the.listener.queue(
          'accept-queue-empty',
          { recvQ: ['==', 0] },
          { within: 0, text: t('connect.acceptQueueEmpty'), answer: '0' },
        ),
        ...copies.afterCopy('syn-recv-after-first-retry', 2, {
          waitMs: 3000,
          maxMs: 2000,
          text: t('connect.afterFirst'),
        }),
        ...copies.afterCopy('syn-recv-after-second-retry', 3, {
          waitMs: 4000,
          maxMs: 4000,
          text: t('connect.afterSecond', { retries: SYNACK_RETRIES }),
        }),
        {
          ...requestDropped,
          attempt: async (env) => {
            const attempt = await requestDropped.attempt(env);
            dropped = attempt.ok;
            return attempt;
          },
        },
        act(t('connect.actTime'), (ctx) => {
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
          { text: t('connect.lived', { s: GIVE_UP.minMs / 1000 }) },
        ),
        the.counter('request-timer-expired-3-times', 'TcpExtTCPTimeouts', '==', SYNACK_RETRIES + 1, {
          since: 'connect',
          within: 0,
          text: t('connect.expired', { n: SYNACK_RETRIES + 1 }),
        }),
      ),
      evidenceStep(input, copies),
      step(
        t('step.heal'),
        dropNft('drop_client_acks'),
        signal('client', 'SIGUSR1'),
        waitFor('client', /ECONNRESET|read "/, 5000),
        the.output('client-econnreset', 'client', /ECONNRESET/, {
          text: t('heal.econnreset'),
        }),
        expectRstToRequest(port),
      ),
      oneLostAckStep(input),
    ];
  },
});
