// The questions this lab's run settles: what SYN cookies give up, and how a flood looks from
// the server. Every number in a model answer is what ss, tcpdump, the counters or the clients
// showed in the run; the lab's own settings are named as settings.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf } from '../kit/interview.ts';
import { SMALL_MAX_SYN_BACKLOG } from './cookies.ts';
import { MAX_SYN_BACKLOG } from './flood.ts';
import { t } from './messages.ts';

function cookies(): InterviewQuestion {
  return {
    id: 'syn-cookies-give-up',
    topic: 'queues',
    question: t('iv.cookies.q'),
    answer: (run) =>
      t('iv.cookies.a', {
        nothing: observedOf(run, 'always-nothing-queued'),
        sent: observedOf(run, 'always-cookies-sent'),
        tsval: observedOf(run, 'cookie-options-in-tsval'),
        lost: observedOf(run, 'cookie-without-timestamps-loses-options'),
        fast: observedOf(run, 'legit-fast-with-cookies'),
        full: observedOf(run, 'syn-recv-full-with-cookies'),
      }),
    cites: [
      'always-nothing-queued',
      'always-cookies-sent',
      'cookie-options-in-tsval',
      'cookie-without-timestamps-loses-options',
      'legit-fast-with-cookies',
      'syn-recv-full-with-cookies',
    ],
    followUps: [t('iv.cookies.f1'), t('iv.cookies.f2'), t('iv.cookies.f3'), t('iv.cookies.f4')],
    myth: { seed: '004', claim: t('iv.cookies.myth.claim'), truth: t('iv.cookies.myth.truth') },
  };
}

/** Which of the two SYN queue rules the flood showed (syn-queue.ts), in words. */
function ruleOf(run: RunReport): string {
  const rule = /the "(limit \+ 1|limit)" rule/.exec(observedOf(run, 'syn-recv-capped'))?.[1];
  return rule === 'limit' ? t('iv.flood.rule.limit') : t('iv.flood.rule.plusOne');
}

function flood(): InterviewQuestion {
  return {
    id: 'syn-flood-full-syn-queue',
    topic: 'queues',
    question: t('iv.flood.q'),
    answer: (run) =>
      t('iv.flood.a', {
        capped: observedOf(run, 'syn-recv-capped'),
        dropped: observedOf(run, 'flood-dropped'),
        listenDrops: observedOf(run, 'flood-listen-drops'),
        limit: observedOf(run, 'listener-limit'),
        rule: ruleOf(run),
        acceptQueue: observedOf(run, 'accept-queue-empty'),
        retried: observedOf(run, 'legit-syn-retried'),
        stalledMs: String(numberIn(run, 'legit-stalled', /took (\d+) ms/) ?? '?'),
        syncookies: observedOf(run, 'syncookies-default'),
        fast: observedOf(run, 'legit-fast-with-cookies'),
      }),
    cites: [
      'syn-recv-capped',
      'flood-dropped',
      'flood-listen-drops',
      'listener-limit',
      'accept-queue-empty',
      'legit-syn-retried',
      'legit-stalled',
      'syncookies-default',
      'legit-fast-with-cookies',
    ],
    followUps: [t('iv.flood.f1'), t('iv.flood.f2'), t('iv.flood.f3')],
    myth: {
      seed: '003',
      claim: t('iv.flood.myth.claim'),
      truth: t('iv.flood.myth.truth', { max: MAX_SYN_BACKLOG, small: SMALL_MAX_SYN_BACKLOG }),
    },
  };
}

/** Built afresh when asked, so the words follow the language. */
export function interviewQuestions(): InterviewQuestion[] {
  return [cookies(), flood()];
}
