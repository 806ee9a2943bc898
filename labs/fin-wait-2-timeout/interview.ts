// The interview questions this lab's run settles. Every number in a model answer is read
// from the run's report (what ss -o, the capture, sysctl and the counters showed); built in a
// function, so the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** The figures the orphan answer quotes, each from the expectation that observed it. */
function orphanFigures(run: RunReport) {
  return {
    orphanLeftMs: shown(numberIn(run, 'orphan-has-timer', /timer:\(timewait,(\d+)ms/)),
    // As printed, to the 1/100 s: "2.00", not a rounded "2".
    runs: /the timer runs ([\d.]+) s/.exec(observedOf(run, 'orphan-timer-from-ack'))?.[1] ?? t('iv.unmeasured'),
    finTimeout: shown(numberIn(run, 'fin-timeout-set', /= (\d+)$/), 2),
    twKilled: shown(numberIn(run, 'tw-killed', /\+(\d+)/), 2),
    tw: shown(numberIn(run, 'no-time-wait-counted', /\+(\d+)/), 2),
    stayerAge: shown(numberIn(run, 'stayer-still-waits', /^(\d+) ms after the ACK/), 2),
    closeWaits: shown(numberIn(run, 'close-wait-stays', /^(\d+) CLOSE-WAIT/), 2),
  };
}

/** The server's data to the departed port, and the RST: ":8818 → :40002 P. 13 bytes at 5659 ms; … R at 5659 ms". */
function lateFigures(run: RunReport) {
  const wire = / (\d+) bytes at (\d+) ms; .* at (\d+) ms$/.exec(observedOf(run, 'data-answered-by-rst'));
  return {
    bytes: wire?.[1] ?? t('iv.unmeasured'),
    rstAfterMs: wire ? String(Number(wire[3]) - Number(wire[2])) : t('iv.unmeasured'),
    rsts: shown(numberIn(run, 'rst-sent', /\+(\d+)/), 2),
    resets: shown(numberIn(run, 'close-wait-reset', /\+(\d+)/), 2),
    error: /: (write \w+)$/.exec(observedOf(run, 'server-epipe'))?.[1] ?? t('iv.unmeasured'),
  };
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'fin-wait-2-orphan',
      topic: 'timers',
      question: t('iv.orphan.q'),
      answer: (run) => t('iv.orphan.a', orphanFigures(run)),
      cites: [
        'fin-timeout-set',
        'orphan-has-timer',
        'orphan-timer-from-ack',
        'stayer-has-no-timer',
        'orphan-reaped',
        'no-time-wait',
        'tw-killed',
        'no-time-wait-counted',
        'stayer-still-waits',
        'close-wait-stays',
      ],
      followUps: [t('iv.orphan.f1'), t('iv.orphan.f2'), t('iv.orphan.f3'), t('iv.orphan.f4')],
      myth: { seed: '000', claim: t('iv.orphan.myth.claim'), truth: t('iv.orphan.myth.truth') },
    },
    {
      id: 'write-to-departed-peer',
      topic: 'teardown',
      question: t('iv.late.q'),
      answer: (run) => t('iv.late.a', lateFigures(run)),
      cites: ['data-answered-by-rst', 'rst-sent', 'close-wait-reset', 'server-socket-gone', 'server-epipe'],
      followUps: [t('iv.late.f1'), t('iv.late.f2'), t('iv.late.f3')],
    },
  ];
}
