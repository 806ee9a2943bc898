// The interview question this lab's run settles. Every number in the model answer is read
// from the run's report (what ss and sysctl showed); built in a function, so the words
// follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** The processes ss named as the owners of the leaked sockets ("… (node pid 14); …"). */
function owners(run: RunReport): string {
  const pids = [...observedOf(run, 'two-close-waits').matchAll(/pid (\d+)/g)].map((m) => m[1] as string);
  return pids.length ? [...new Set(pids)].join(', ') : t('iv.unmeasured');
}

/**
 * The sentence about TcpCurrEstab, by the rule this kernel follows; none when the step was
 * skipped (on the host, whose counters are the whole machine's).
 */
function gauge(run: RunReport): string {
  const seen = observedOf(run, 'curr-estab-close-wait');
  const read = /^TcpCurrEstab (\d+); ss: (\d+) ESTAB, (\d+) CLOSE-WAIT/.exec(seen);
  if (!read) return '';
  const figures = { gauge: read[1] as string, estab: read[2] as string, closeWait: read[3] as string };
  if (seen.includes('counts CLOSE-WAIT too')) return t('iv.pile.gauge', figures);
  return seen.includes('counts only ESTABLISHED') ? t('iv.pile.gaugeOld', figures) : '';
}

function answer(run: RunReport): string {
  return t('iv.pile.a', {
    port: shown(numberIn(run, 'server-close-wait', /^CLOSE-WAIT [\d.]+:(\d+) /)),
    clientPort: shown(numberIn(run, 'client-fin-wait-2', /^FIN-WAIT-2 [\d.]+:(\d+) /)),
    count: shown(numberIn(run, 'two-close-waits', /^(\d+) CLOSE-WAIT/)),
    pid: owners(run),
    finTimeout: shown(numberIn(run, 'fin-timeout-default', /= (\d+)$/)),
    finLeft: shown(numberIn(run, 'orphan-fin-wait-2-timer', /timer timewait ([\d.]+) s/)),
    gauge: gauge(run),
  });
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'close-wait-pile',
      topic: 'teardown',
      question: t('iv.pile.q'),
      answer,
      cites: [
        'server-close-wait',
        'client-fin-wait-2',
        'still-close-wait',
        'close-wait-no-timer',
        'fin-timeout-default',
        'orphan-fin-wait-2-timer',
        'two-close-waits',
      ],
      followUps: [t('iv.pile.f1'), t('iv.pile.f2'), t('iv.pile.f3'), t('iv.pile.f4')],
      myth: { seed: '004', claim: t('iv.pile.myth.claim'), truth: t('iv.pile.myth.truth') },
    },
  ];
}
