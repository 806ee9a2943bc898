// The interview question this lab's run settles. Every number in the model answer is read
// from what the capture, ss and the counters showed in that run; built in a function, so
// the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** "port 37385: server FIN at 870.2 ms, 65-byte request at 1097.2 ms, RST at 1097.2 ms" */
function resetTimes(run: RunReport, id: string) {
  const fin = numberIn(run, id, /server FIN at ([\d.]+) ms/);
  const late = numberIn(run, id, /request at ([\d.]+) ms/);
  return {
    fin,
    rst: numberIn(run, id, /RST at ([\d.]+) ms/),
    bytes: numberIn(run, id, /(\d+)-byte request/),
    // How long after the server's FIN the request left: two times of one observation.
    lateBy: fin === null || late === null ? null : late - fin,
  };
}

/** The figures the answer quotes, each from the expectation that observed it. */
function figures(run: RunReport) {
  const busy = resetTimes(run, 'busy-rst');
  const racing = resetTimes(run, 'racing-rst');
  return {
    busyFinMs: shown(busy.fin, 1),
    recvQ: shown(numberIn(run, 'pool-close-wait', /Recv-Q (\d+)$/), 1),
    busyLateMs: shown(busy.lateBy, 1),
    bytes: shown(busy.bytes, 1),
    busyRstMs: shown(busy.rst, 1),
    lingerMs: shown(numberIn(run, 'close-wait-lingered', /: ([\d.]+) ms/), 1),
    racingLateMs: shown(racing.lateBy, 1),
    rsts: shown(numberIn(run, 'two-rsts', /\+(\d+)/), 1),
    abortOnData: shown(numberIn(run, 'abort-on-data', /\+(\d+)/), 1),
    shortLeftS: shown(numberIn(run, 'short-idle-time-wait', /timewait ([\d.]+) s/), 1),
    freeMs: shown(numberIn(run, 'free-drops-at-once', /: ([\d.]+) ms/), 1),
  };
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'keep-alive-pool-econnreset',
      topic: 'teardown',
      question: t('iv.pool.q'),
      answer: (run) => t('iv.pool.a', figures(run)),
      cites: [
        'pool-close-wait',
        'server-fin-wait-2',
        'busy-rst',
        'busy-hang-up',
        'close-wait-lingered',
        'racing-still-estab',
        'racing-server-fin-wait-1',
        'racing-rst',
        'racing-reset',
        'two-rsts',
        'abort-on-data',
        'short-idle-time-wait',
        'short-idle-new-connection',
        'free-drops-at-once',
        'free-new-connection',
      ],
      followUps: [t('iv.pool.f1'), t('iv.pool.f2'), t('iv.pool.f3'), t('iv.pool.f4')],
      myth: { seed: '004', claim: t('iv.pool.myth.claim'), truth: t('iv.pool.myth.truth') },
    },
  ];
}
