// The interview questions this lab's run settles. Every number in a model answer is read
// from the run's report (what /proc/sys, ss -o, nstat and the programs showed); built in a
// function, so the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** What the kernel or a program showed for an expectation, or a mark that it did not. */
function quoted(run: RunReport, id: string): string {
  return observedOf(run, id) || t('iv.unmeasured');
}

/** The program-name prefix ("reuser: client: ") says who printed it, not what it says. */
function printed(run: RunReport, id: string): string {
  return quoted(run, id).replace(/^(\w+: )+/, '');
}

/** The timers and the reuse, the figures both answers quote. */
function timers(run: RunReport) {
  const timer = (id: string) => shown(numberIn(run, id, /timewait ([\d.]+) s/));
  return {
    fin: shown(numberIn(run, 'fin-timeout-set', /= (\d+)/)),
    orphan: timer('orphan-fin-wait-2-timer'),
    tw: timer('time-wait-still-60s'),
    twLater: timer('time-wait-outlives-fin-timeout'),
    reaped: quoted(run, 'orphan-reaped'),
  };
}

/** The refused first connect(), where the kernel has tcp_tw_reuse_delay and the step ran. */
function blockedPart(run: RunReport): string {
  const blocked = observedOf(run, 'reuse-blocked-at-first');
  return blocked ? t('iv.recipe.blocked', { blocked: printed(run, 'reuse-blocked-at-first') }) : '';
}

function recipeAnswer(run: RunReport): string {
  return t('iv.recipe.a', {
    ...timers(run),
    recycleGone: quoted(run, 'tw-recycle-gone'),
    recycleLine: printed(run, 'recycle-rejected'),
    syncookies: quoted(run, 'syncookies-default'),
    twReuse: quoted(run, 'tw-reuse-default'),
    synRetries: quoted(run, 'syn-retries-default'),
    cap: quoted(run, 'syn-retries-cap'),
    blocked: blockedPart(run),
    reuseMs: shown(numberIn(run, 'reuse-took-over', /after (\d+) ms/)),
    recycled: shown(numberIn(run, 'tw-recycled', /\+(\d+)/)),
    netdev: printed(run, 'netdev-backlog-global'),
    accepted: printed(run, 'others-accepted'),
  });
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'sysctl-recipe-audit',
      topic: 'tuning',
      question: t('iv.recipe.q'),
      answer: recipeAnswer,
      // Not reuse-blocked-at-first: kernels without tcp_tw_reuse_delay skip that step.
      cites: [
        'tw-recycle-gone',
        'recycle-rejected',
        'syncookies-default',
        'tw-reuse-default',
        'syn-retries-default',
        'syn-retries-cap',
        'fin-timeout-set',
        'orphan-fin-wait-2-timer',
        'time-wait-still-60s',
        'time-wait-outlives-fin-timeout',
        'reuse-took-over',
        'tw-recycled',
        'netdev-backlog-global',
        'others-accepted',
      ],
      followUps: [t('iv.recipe.f1'), t('iv.recipe.f2'), t('iv.recipe.f3'), t('iv.recipe.f4')],
      myth: { seed: '001', claim: t('iv.recipe.myth.claim'), truth: t('iv.recipe.myth.truth') },
    },
    {
      id: 'fin-timeout-not-time-wait',
      topic: 'timers',
      question: t('iv.fin.q'),
      answer: (run) => t('iv.fin.a', timers(run)),
      cites: [
        'fin-timeout-set',
        'orphan-fin-wait-2-timer',
        'time-wait-still-60s',
        'orphan-reaped',
        'time-wait-outlives-fin-timeout',
      ],
      followUps: [t('iv.fin.f1'), t('iv.fin.f2'), t('iv.fin.f3')],
      myth: { seed: '000', claim: t('iv.fin.myth.claim'), truth: t('iv.fin.myth.truth') },
    },
  ];
}
