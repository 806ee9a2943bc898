import { expectSysctl } from '../../checker/expect-sysctl.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { mark, nft, note, start, step, sysctl, waitCapture } from '../kit/plan.ts';
import { cookieSteps } from './cookies.ts';
import {
  BACKLOG,
  FLOOD_SYNS,
  flood,
  LEGIT,
  MAX_SYN_BACKLOG,
  MOST_QUEUED,
  NEXT_SYN_MS,
  QUIET_BACKLOG,
  SETTINGS,
  SYNACK_RETRIES,
  SYNCOOKIES,
} from './flood.ts';
import { expectHalfOpenAsBefore, expectRetriedSyn, expectSynQueueCap } from './half-open.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { classifyClients, dropOnArrival } from './queue-labs.ts';
import { explainSynQueueCap } from './syn-queue.ts';
import { synsBeforeAnswer } from './syns.ts';

export default defineLab({
  id: 'syn-flood',
  get title() {
    return t('title');
  },
  topic: 'handshake',
  seed: '001',
  get summary() {
    return t('summary');
  },
  get interview() {
    return interviewQuestions();
  },
  needs: {
    nft: true,
    tcpdump: true,
    // tcp_syncookies is left at the kernel's default: the run reads it, then turns it off.
    // net.core.somaxconn is left alone too (4096 in a new namespace, and hidden from an
    // unprivileged one before Linux 6.3): the LISTEN line's Send-Q shows it is above the backlog.
    sysctls: { 'net.ipv4.tcp_max_syn_backlog': MAX_SYN_BACKLOG, 'net.ipv4.tcp_synack_retries': SYNACK_RETRIES },
  },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server', 'quiet server'),
    ...playing(
      'attacker',
      'attacker.ts',
      'attacker',
      'refill attacker',
      'cookie-wave attacker',
      'small-queue attacker',
    ),
    ...playing('client', 'client.ts', 'client', 'second client', 'quiet-port client', 'ts client', 'no-ts client'),
  },
  // Attackers dial from 127.0.0.2 and up; the legitimate clients from 127.0.0.1.
  classify: classifyClients((address) => (address === LEGIT ? 'client' : 'attacker')),
  // The stalled client waits for its SYN retries, 1 s apart (tcp_syn_linear_timeouts).
  floorMs: 2000,
  timeoutMs: 60_000,
  plan: (input) => {
    const { port, the } = input;
    const quietPort = port + 1;
    const queue = expectSynQueueCap({
      id: 'syn-recv-capped',
      port,
      syns: FLOOD_SYNS,
      settings: SETTINGS,
      since: 'flood',
      within: 2000,
      text: t('capped.text', { plusOne: BACKLOG + 1, limit: BACKLOG }),
    });
    return [
      step(
        t('defaults.step'),
        expectSysctl('syncookies-default', SYNCOOKIES, '1', t('defaults.syncookies')),
        sysctl(SYNCOOKIES, 0),
      ),
      step(
        t('servers.step', { port, backlog: BACKLOG, quietPort, quietBacklog: QUIET_BACKLOG }),
        start('server', { env: { BACKLOG: String(BACKLOG) }, listening: true }),
        start('quiet server', {
          env: { PORT: String(quietPort), BACKLOG: String(QUIET_BACKLOG) },
          listening: quietPort,
        }),
        the.listener.queue(
          'listener-limit',
          { sendQ: ['==', BACKLOG] },
          { text: t('servers.limit', { backlog: BACKLOG }) },
        ),
      ),
      step(
        t('lost.step', { legit: LEGIT }),
        // A spoofed flood's SYN/ACKs leave fine and vanish on the network, like these.
        nft(
          'lost-synacks',
          dropOnArrival(
            `ip daddr != ${LEGIT} tcp sport { ${port}, ${quietPort} } tcp flags & (syn | ack) == syn | ack`,
          ),
          t('lost.why'),
        ),
        note(t('lost.note')),
      ),
      step(
        {
          title: t('flood.step', { n: FLOOD_SYNS }),
          predict: { question: t('flood.predict'), expectation: 'accept-queue-empty', choices: ['0', '3', '4', '32'] },
        },
        mark('flood'),
        flood('attacker', port, FLOOD_SYNS, 2),
        note(explainSynQueueCap(SETTINGS)),
        the.client.count('attackers-syn-sent', 'SYN-SENT', '>=', FLOOD_SYNS, {
          within: 2000,
          text: t('flood.synSent', { n: FLOOD_SYNS }),
        }),
        the.counter('flood-dropped', 'TcpExtTCPReqQFullDrop', '>=', FLOOD_SYNS - MOST_QUEUED, {
          since: 'flood',
          within: 2000,
          text: t('flood.dropped', { n: FLOOD_SYNS - MOST_QUEUED }),
        }),
        queue.expectation,
        the.counter('flood-listen-drops', 'TcpExtListenDrops', '>=', FLOOD_SYNS - MOST_QUEUED, {
          since: 'flood',
          within: 0,
          text: t('flood.listenDrops', { n: FLOOD_SYNS - MOST_QUEUED }),
        }),
        the.listener.queue(
          'accept-queue-empty',
          { recvQ: ['==', 0] },
          { within: 0, text: t('flood.acceptQueueEmpty'), answer: '0' },
        ),
      ),
      step(
        {
          title: t('legit.step', { legit: LEGIT }),
          predict: {
            question: t('legit.predict'),
            expectation: 'legit-syn-retried',
            choices: ['ESTAB', 'SYN-SENT', 'SYN-RECV', 'CLOSED'],
          },
        },
        mark('legit'),
        start('client', { until: /connecting/ }),
        waitCapture(
          t('legit.waitSecond'),
          (packets) => synsBeforeAnswer(packets, port, null).syns.length >= 2,
          NEXT_SYN_MS,
        ),
        expectRetriedSyn({
          id: 'legit-syn-retried',
          port,
          from: LEGIT,
          minRetrans: 1,
          text: t('legit.retried', { legit: LEGIT }),
        }),
        expectHalfOpenAsBefore('syn-recv-still-capped', port, queue.cap, t('legit.stillCapped')),
        the.counter('legit-listen-drops', 'TcpExtListenDrops', '>=', 2, {
          since: 'legit',
          within: 0,
          text: t('legit.listenDrops'),
        }),
      ),
      ...cookieSteps(input, queue),
    ];
  },
});
