// The interview question this lab's run settles. Every number in the model answer is read
// from the run's report (what the capture, ss and the programs showed); built in a function,
// so the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** The figures the answer quotes, each from the expectation that observed it. */
function figures(run: RunReport) {
  const states = (pattern: RegExp) => shown(numberIn(run, 'fin-wait-2-receives', pattern));
  return {
    finWait2: states(/client FIN-WAIT-2 \+(\d+) ms/),
    closeWait: states(/server CLOSE-WAIT \+(\d+) ms/),
    dataFrom: states(/data \+(\d+) ms to/),
    dataTo: states(/to \+(\d+) ms/),
    timeWait: states(/client TIME-WAIT \+(\d+) ms/),
    bytes: shown(numberIn(run, 'data-after-fin', /FIN: (\d+) bytes/)),
    segments: shown(numberIn(run, 'data-after-fin', /in (\d+) segments/)),
    read: shown(numberIn(run, 'client-got-everything', /EOF after (\d+) bytes/)),
    twLeft: shown(numberIn(run, 'client-time-wait', /timewait (\d+) s/)),
    flushed: shown(numberIn(run, 'default-flushed', /EOF after (\d+) bytes/)),
    finGap: shown(numberIn(run, 'default-fin-right-behind', /FIN (\d+) ms after/)),
    late: shown(numberIn(run, 'default-fin-right-behind', /; (\d+) bytes after it/)),
    code: /failed: ([A-Z_]+)/.exec(observedOf(run, 'default-write-fails'))?.[1] ?? t('iv.unmeasured'),
  };
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'half-close',
      topic: 'teardown',
      question: t('iv.half.q'),
      answer: (run) => t('iv.half.a', figures(run)),
      cites: [
        'data-after-fin',
        'fin-wait-2-receives',
        'client-got-everything',
        'client-time-wait',
        'default-flushed',
        'default-fin-right-behind',
        'default-write-fails',
      ],
      followUps: [t('iv.half.f1'), t('iv.half.f2'), t('iv.half.f3'), t('iv.half.f4')],
      myth: {
        seed: '001',
        claim: t('iv.half.myth.claim'),
        truth: t('iv.half.myth.truth'),
      },
    },
  ];
}
