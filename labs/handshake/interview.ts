// The interview questions this lab's run settles. Every number in a model answer is read
// from the run's report (the captured segments' numbers and times, what connect() took, the
// counters); built in a function, so the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** The figures the answers quote, each from the expectation that observed it. */
function figures(run: RunReport) {
  const numbers = (pattern: RegExp) => shown(numberIn(run, 'handshake-numbers', pattern), 1);
  return {
    x: numbers(/x=(\d+)/),
    y: numbers(/y=(\d+)/),
    x1: numbers(/ack (\d+) \(x\+1\)/),
    y1: numbers(/ack (\d+) \(y\+1\)/),
    delayMs: shown(numberIn(run, 'synack-held-then-retransmitted', /: (\d+) ms after the SYN/), 1),
    connectMs: shown(numberIn(run, 'connect-waited-for-retransmission', /took (\d+) ms/), 1),
    synRetrans: shown(numberIn(run, 'syn-retransmissions-counted', /\+(\d+)/), 1),
    point: shown(numberIn(run, 'synack-held-then-retransmitted', /the ([\d.]+) s retransmission/), 1),
  };
}

function closeFigures(run: RunReport) {
  return {
    delayMs: shown(numberIn(run, 'fin-ack-delayed', /: ([\d.]+) ms later/), 1),
    segments: observedOf(run, 'four-segment-close') || t('iv.unmeasured'),
  };
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'why-three-segments',
      topic: 'handshake',
      question: t('iv.three.q'),
      answer: (run) => t('iv.three.a', figures(run)),
      cites: [
        'handshake-numbers',
        'third-segment-ack-only',
        'client-syn-sent',
        'server-syn-recv',
        'synack-held-then-retransmitted',
        'connect-waited-for-retransmission',
        'client-established',
        'server-established',
      ],
      followUps: [t('iv.three.f1'), t('iv.three.f2'), t('iv.three.f3'), t('iv.three.f4')],
      myth: { seed: '001', claim: t('iv.three.myth.claim'), truth: t('iv.three.myth.truth') },
    },
    {
      id: 'why-four-segments-to-close',
      topic: 'teardown',
      question: t('iv.four.q'),
      answer: (run) => t('iv.four.a', closeFigures(run)),
      cites: [
        'fin-ack-delayed',
        'client-fin-wait-2',
        'server-close-wait',
        'four-segment-close',
        'every-fin-carries-ack',
        'client-time-wait',
      ],
      followUps: [t('iv.four.f1'), t('iv.four.f2'), t('iv.four.f3')],
      myth: { seed: '001', claim: t('iv.four.myth.claim'), truth: t('iv.four.myth.truth') },
    },
    {
      id: 'lost-synack',
      topic: 'timers',
      question: t('iv.lost.q'),
      answer: (run) => t('iv.lost.a', figures(run)),
      cites: [
        'client-syn-sent',
        'server-syn-recv',
        'synack-held-then-retransmitted',
        'connect-waited-for-retransmission',
        'syn-retransmissions-counted',
      ],
      followUps: [t('iv.lost.f1'), t('iv.lost.f2'), t('iv.lost.f3')],
      myth: { seed: '002', claim: t('iv.lost.myth.claim'), truth: t('iv.lost.myth.truth') },
    },
  ];
}
