// The interview questions this lab's run settles. Every number in a model answer is read
// from the run's report (what ss, /proc/net/tcp, the capture and the counters showed);
// built in a function, so the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** Seconds the run showed, as milliseconds. */
const shownMs = (seconds: number | null) => shown(seconds === null ? null : seconds * 1000, 2);

/** The figures the answers quote, each from the expectation that observed it. */
function figures(run: RunReport) {
  return {
    lastAckTimer: shown(numberIn(run, 'server-waits-in-last-ack', /timer on ([\d.]+) s/), 2),
    gapMs: shownMs(numberIn(run, 'fin-resent', /gaps ([\d.]+) s/)),
    leftS: shown(numberIn(run, 'time-wait-from-its-ack', /^([\d.]+) s left/), 2),
    movedMs: shown(numberIn(run, 'time-wait-restarted', /moved (\d+) ms later/), 2),
    rstPort: shown(numberIn(run, 'resent-fin-meets-rst', /RST from :(\d+)/), 2),
    overflow: shown(numberIn(run, 'time-wait-overflow', /\+(\d+)/), 2),
    timeWaits: shown(numberIn(run, 'no-second-time-wait', /^(\d+) TIME-WAIT/), 2),
    outRsts: shown(numberIn(run, 'rst-for-the-fin', /\+(\d+)/), 2),
  };
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'why-last-ack-matters',
      topic: 'teardown',
      question: t('iv.why.q'),
      answer: (run) => t('iv.why.a', figures(run)),
      cites: [
        'final-ack-sent',
        'server-waits-in-last-ack',
        'time-wait-from-its-ack',
        'fin-resent',
        'time-wait-acks-again',
        'last-ack-ends',
        'resent-fin-meets-rst',
        'rst-ends-last-ack',
      ],
      followUps: [t('iv.why.f1'), t('iv.why.f2'), t('iv.why.f3'), t('iv.why.f4')],
      myth: {
        seed: '002',
        claim: t('iv.why.myth.claim'),
        truth: t('iv.why.myth.truth'),
      },
    },
    {
      id: 'time-wait-restarts',
      topic: 'timers',
      question: t('iv.restart.q'),
      answer: (run) => t('iv.restart.a', figures(run)),
      cites: ['time-wait-from-its-ack', 'fin-resent', 'time-wait-acks-again', 'time-wait-restarted'],
      followUps: [t('iv.restart.f1'), t('iv.restart.f2'), t('iv.restart.f3')],
    },
    {
      id: 'tw-buckets-overflow',
      topic: 'tuning',
      question: t('iv.buckets.q'),
      answer: (run) => t('iv.buckets.a', figures(run)),
      cites: [
        'time-wait-overflow',
        'no-second-time-wait',
        'resent-fin-meets-rst',
        'rst-for-the-fin',
        'rst-ends-last-ack',
        'server-never-knew',
      ],
      followUps: [t('iv.buckets.f1'), t('iv.buckets.f2'), t('iv.buckets.f3')],
    },
  ];
}
