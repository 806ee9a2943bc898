// The questions this lab's run settles: what a half-open connection is, and what a lost final
// ACK costs. Every number in a model answer is what ss, tcpdump, the counters or the programs
// showed in the run; a default the run does not wait for is computed from the same doubling.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf } from '../kit/interview.ts';
import { t } from './messages.ts';

/** Linux's default tcp_synack_retries (TCP_SYNACK_RETRIES in include/net/tcp.h). */
const DEFAULT_SYNACK_RETRIES = 5;

/** An observation up to its first ';' (the row, without the copies the wire held by then). */
const head = (run: RunReport, id: string) => observedOf(run, id).split(';')[0]?.trim() ?? '';

/** What the client program printed, without its role prefix. */
const printed = (run: RunReport, id: string) => observedOf(run, id).replace(/^(\S+: )+/, '');

const lived = (run: RunReport) => String(numberIn(run, 'request-lived-7s', /took (\d+) ms/) ?? '?');

function halfOpen(): InterviewQuestion {
  return {
    id: 'half-open-connection',
    topic: 'handshake',
    question: t('iv.halfOpen.q'),
    answer: (run) =>
      t('iv.halfOpen.a', {
        established: head(run, 'client-established'),
        synRecv: head(run, 'server-syn-recv'),
        acceptQueue: observedOf(run, 'accept-queue-empty'),
        schedule: head(run, 'synack-schedule'),
        expired: observedOf(run, 'request-timer-expired-3-times'),
        livedMs: lived(run),
        stillEstab: head(run, 'client-still-established'),
        rst: observedOf(run, 'server-answered-rst'),
        reset: printed(run, 'client-econnreset'),
        defaultRetries: DEFAULT_SYNACK_RETRIES,
        defaultS: 2 ** (DEFAULT_SYNACK_RETRIES + 1) - 1,
      }),
    cites: [
      'client-established',
      'server-syn-recv',
      'accept-queue-empty',
      'synack-schedule',
      'request-timer-expired-3-times',
      'request-lived-7s',
      'client-still-established',
      'server-answered-rst',
      'client-econnreset',
    ],
    followUps: [t('iv.halfOpen.f1'), t('iv.halfOpen.f2'), t('iv.halfOpen.f3')],
    myth: { seed: '001', claim: t('iv.halfOpen.myth.claim'), truth: t('iv.halfOpen.myth.truth') },
  };
}

function lostAck(): InterviewQuestion {
  return {
    id: 'lost-handshake-ack',
    topic: 'handshake',
    question: t('iv.lostAck.q'),
    answer: (run) =>
      t('iv.lostAck.a', {
        repaired: observedOf(run, 'one-lost-ack-repaired'),
        accepted: printed(run, 'repaired-connection-accepted'),
        acks: observedOf(run, 'client-acked-every-synack'),
        livedMs: lived(run),
        challenge: observedOf(run, 'client-challenge-acks'),
      }),
    cites: [
      'one-lost-ack-repaired',
      'repaired-connection-established',
      'repaired-connection-accepted',
      'client-acked-every-synack',
      'request-lived-7s',
      'client-challenge-acks',
    ],
    followUps: [t('iv.lostAck.f1'), t('iv.lostAck.f2'), t('iv.lostAck.f3')],
    myth: { seed: '001', claim: t('iv.lostAck.myth.claim'), truth: t('iv.lostAck.myth.truth') },
  };
}

/** Built afresh when asked, so the words follow the language. */
export function interviewQuestions(): InterviewQuestion[] {
  return [halfOpen(), lostAck()];
}
