// The interview questions this lab's run settles. Every number in a model answer is read
// from the run's report (what ss -lnt, nstat and the programs showed); built in a function,
// so the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** What the kernel showed for an expectation, or a mark that it did not. */
function quoted(run: RunReport, id: string): string {
  return observedOf(run, id) || '?';
}

/**
 * The somaxconn step runs only where the namespace lets the lab set net.core.somaxconn, so
 * the answer speaks of it only when the run has its readings (and no cite depends on it).
 */
function somaxconnPart(run: RunReport): string {
  const limit = observedOf(run, 'somaxconn-limit');
  if (!limit) return '';
  return t('q.full.somaxconn', {
    small: shown(numberIn(run, 'somaxconn-limit', /Send-Q (\d+)/)),
    backlog: shown(numberIn(run, 'listener-limit', /Send-Q (\d+)/)),
    limit,
    full: quoted(run, 'somaxconn-full'),
    kept: quoted(run, 'somaxconn-at-listen-time'),
  });
}

function fullQueueAnswer(run: RunReport): string {
  return t('q.full.answer', {
    // somaxconn is 4096 in the lab's namespace, so the listener's Send-Q is the backlog it asked for.
    backlog: shown(numberIn(run, 'listener-limit', /Send-Q (\d+)/)),
    limit: quoted(run, 'listener-limit'),
    full: quoted(run, 'queue-full'),
    lateOverflow: quoted(run, 'late-ack-overflow'),
    lateStill: quoted(run, 'late-still-syn-recv'),
    reset: quoted(run, 'late-reset'),
    client: shown(numberIn(run, 'new-client-waited', /client (\d+)'s/)),
    synSent: quoted(run, 'new-syn-dropped'),
    waited: shown(numberIn(run, 'new-client-waited', /took (\d+) ms/)),
    drops: quoted(run, 'listen-drops-are-overflows'),
    somaxconn: somaxconnPart(run),
  });
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'full-accept-queue-backlog',
      topic: 'queues',
      question: t('q.full.question'),
      answer: fullQueueAnswer,
      cites: [
        'listener-limit',
        'queue-full',
        'queued-established',
        'late-ack-overflow',
        'late-still-syn-recv',
        'late-reset',
        'late-embryonic-reset',
        'new-client-syn-sent',
        'new-syn-dropped',
        'listen-drops-are-overflows',
        'new-client-waited',
      ],
      followUps: [t('q.full.f1'), t('q.full.f2'), t('q.full.f3'), t('q.full.f4')],
      myth: { seed: '003', claim: t('q.full.myth.claim'), truth: t('q.full.myth.truth') },
    },
    {
      id: 'listen-drops-not-syn-queue',
      topic: 'queues',
      question: t('q.drops.question'),
      answer: (run) => t('q.drops.answer', { drops: quoted(run, 'listen-drops-are-overflows') }),
      cites: ['queue-full', 'new-syn-overflow', 'listen-drops-are-overflows'],
      followUps: [t('q.drops.f1'), t('q.drops.f2'), t('q.drops.f3')],
      myth: { seed: '003', claim: t('q.drops.myth.claim'), truth: t('q.drops.myth.truth') },
    },
  ];
}
