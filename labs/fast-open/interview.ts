// The interview question this lab's run settles. Every number in the model answer is read
// from the run's report (the segments tcpdump saw, the cookies in them, the counters, the
// sysctl a new namespace reads); built in a function, so the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';
import { SEED_FAST_OPEN } from './plain.ts';

/** A counter's growth, as "+N" in the counter expectation's observation. */
const grew = (run: RunReport, id: string) => shown(numberIn(run, id, /\+(\d+)/));
/** A segment's data length, as "(N bytes)" in describeSegment()'s line. */
const bytes = (run: RunReport, id: string) => shown(numberIn(run, id, /\((\d+) bytes\)/));
/** The Fast Open cookie a segment carried. */
const cookie = (run: RunReport, id: string) =>
  /tfo cookie ([0-9a-f]+)/.exec(observedOf(run, id))?.[1] ?? t('iv.unmeasured');

/**
 * How far past the SYN's sequence number a later segment's number lies, mod 2^32: what a
 * SYN/ACK acknowledges (`ack`; 1 is the SYN alone), or where the request starts (`seq`).
 */
function pastSyn(run: RunReport, synId: string, laterId: string, field: 'ack' | 'seq'): string {
  const seq = numberIn(run, synId, /\bseq (\d+)/);
  const ack = numberIn(run, laterId, field === 'ack' ? /\back (\d+)/ : /\bseq (\d+)/);
  if (seq === null || ack === null) return t('iv.unmeasured');
  return String((((ack - seq) % 2 ** 32) + 2 ** 32) % 2 ** 32);
}

/** Every figure the answer quotes, each from the expectation that observed it. */
function figures(run: RunReport) {
  return {
    seedValue: SEED_FAST_OPEN,
    plainReqd: grew(run, 'plain-request-counted'),
    firstSynBytes: bytes(run, 'first-syn-asks-cookie'),
    cookie: cookie(run, 'first-synack-grants-cookie'),
    cookieReqd: grew(run, 'first-cookie-request-counted'),
    requestBytes: bytes(run, 'first-request-waits'),
    firstDataAt: pastSyn(run, 'first-syn-asks-cookie', 'first-request-waits', 'seq'),
    secondBytes: bytes(run, 'second-syn-carries-request'),
    secondAcked: pastSyn(run, 'second-syn-carries-request', 'second-synack-acks-request', 'ack'),
    active: grew(run, 'second-active-counted'),
    passive: grew(run, 'second-passive-counted'),
    staleAcked: pastSyn(run, 'stale-syn-carries-old-cookie', 'stale-synack-refuses-data', 'ack'),
    newCookie: cookie(run, 'stale-synack-refuses-data'),
    passiveFail: grew(run, 'stale-passive-fail'),
    activeFail: grew(run, 'stale-active-fail'),
    twoTimeouts: grew(run, 'two-timeouts-not-counted'),
    thirdTimeout: grew(run, 'third-timeout-counted'),
    blackholeTimeout: shown(numberIn(run, 'blackhole-timeout-default', /= (\d+)$/)),
    blackhole: grew(run, 'nothing-switched-off'),
  };
}

function savesAndRisks(): InterviewQuestion {
  return {
    id: 'fast-open-saves-and-risks',
    topic: 'handshake',
    question: t('iv.tfo.q'),
    answer: (run) => t('iv.tfo.a', figures(run)),
    cites: [
      'plain-synack-no-cookie',
      'plain-request-counted',
      'first-syn-asks-cookie',
      'first-synack-grants-cookie',
      'first-request-waits',
      'first-cookie-request-counted',
      'second-syn-carries-request',
      'second-synack-acks-request',
      'second-active-counted',
      'second-passive-counted',
      'second-fastopen-mark',
      'stale-syn-carries-old-cookie',
      'stale-synack-refuses-data',
      'stale-request-resent',
      'stale-passive-fail',
      'stale-active-fail',
      'blackhole-timeout-default',
      'two-timeouts-not-counted',
      'third-timeout-counted',
      'nothing-switched-off',
    ],
    followUps: [t('iv.tfo.f1'), t('iv.tfo.f2'), t('iv.tfo.f3'), t('iv.tfo.f4')],
    myth: {
      seed: '003',
      claim: t('iv.tfo.myth.claim'),
      truth: t('iv.tfo.myth.truth'),
    },
  };
}

/** Built afresh when asked, so the words follow the language. */
export function interviewQuestions(): InterviewQuestion[] {
  return [savesAndRisks()];
}
