// The interview questions this lab's run settles. Every number in a model answer is read
// from the run's report (the sysctls as read, the client's summaries, ss's census, the
// counters); built in a function, so the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** Did an expectation the plan runs only on some kernels (or hosts) hold in this run? */
function held(run: RunReport, id: string): boolean {
  return run.expectations.find((e) => e.id === id)?.ok === true;
}

const SUMMARY = /(\d+) requests to .*; (\d+) connections? from (\d+) local ports?, \d+ retr(?:y|ies), (\d+) ms/;

/** A client's summary line, as the expectation on it observed it. */
function summary(run: RunReport, id: string) {
  const [, requests, connections, ports, ms] = (SUMMARY.exec(observedOf(run, id)) ?? []).map(Number);
  return { requests: shown(requests), connections: shown(connections), ports: shown(ports), ms: shown(ms) };
}

/** "0 connected, 1 failed: EADDRNOTAVAIL" → "EADDRNOTAVAIL". */
const errnoOf = (run: RunReport, id: string) => /: (E[A-Z]+)$/.exec(observedOf(run, id))?.[1] ?? '?';
const plus = (run: RunReport, id: string) => shown(numberIn(run, id, /\+(\d+)/));

function portsFigures(run: RunReport) {
  const range = /= (\d+) (\d+)$/.exec(observedOf(run, 'port-range-50'));
  const low = Number(range?.[1]);
  const high = Number(range?.[2]);
  const failure = observedOf(run, 'connect-eaddrnotavail');
  const keepAlive = summary(run, 'keep-alive-all-answered');
  return {
    low: shown(low),
    high: shown(high),
    ports: shown(high - low + 1),
    held: shown(numberIn(run, 'client-time-wait-50', /^(\d+) TIME-WAIT/)),
    dest: /EADDRNOTAVAIL (\S+)/.exec(failure)?.[1] ?? '?',
    failedAt: shown(numberIn(run, 'connect-eaddrnotavail', /request (\d+) failed/)),
    opens: plus(run, 'active-opens-50'),
    tried: summary(run, 'ten-failed').requests,
    requests: keepAlive.requests,
    kaConnections: keepAlive.connections,
    kaPorts: keepAlive.ports,
    kaMs: keepAlive.ms,
    scHeld: shown(numberIn(run, 'server-closes-client-none', /^(\d+) TIME-WAIT/)),
    scMs: summary(run, 'server-closes-all-answered').ms,
    recycled: plus(run, 'tw-reuse-recycled'),
    twMs: summary(run, 'tw-reuse-all-answered').ms,
  };
}

function reuseFigures(run: RunReport) {
  const delay = numberIn(run, 'reuse-delay-default', /= (\d+)$/);
  return {
    reuseDefault: shown(numberIn(run, 'reuse-default-2', /= (\d+)$/)),
    reuse0: errnoOf(run, 'reuse-0-refused'),
    recycled1: plus(run, 'reuse-1-recycled'),
    noTs: errnoOf(run, 'no-timestamps-refused'),
    recycled2: plus(run, 'reuse-2-recycled'),
    // Two sentences only some runs can back: the sysctl exists from 6.14, the second host
    // only where the sandbox could make one.
    delay: held(run, 'reuse-delay-default') && delay !== null ? t('q.reuse.delay', { delay }) : t('q.reuse.noDelay'),
    trap: held(run, 'second-host-reuse-2-refused')
      ? t('q.reuse.trap', { trap: errnoOf(run, 'second-host-reuse-2-refused') })
      : '',
    recycle: observedOf(run, 'tw-recycle-gone'),
  };
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'eaddrnotavail',
      topic: 'teardown',
      question: t('q.ports.question'),
      answer: (run) => t('q.ports.answer', portsFigures(run)),
      cites: [
        'port-range-50',
        'connect-eaddrnotavail',
        'ten-failed',
        'client-time-wait-50',
        'active-opens-50',
        'keep-alive-all-answered',
        'server-closes-all-answered',
        'server-closes-client-none',
        'tw-reuse-all-answered',
        'tw-reuse-recycled',
      ],
      followUps: [t('q.ports.f1'), t('q.ports.f2'), t('q.ports.f3'), t('q.ports.f4')],
      myth: { seed: '001', claim: t('q.ports.myth.claim'), truth: t('q.ports.myth.truth') },
    },
    {
      id: 'tw-reuse-and-recycle',
      topic: 'tuning',
      question: t('q.reuse.question'),
      answer: (run) => t('q.reuse.answer', reuseFigures(run)),
      cites: [
        'reuse-default-2',
        'timestamps-on',
        'reuse-0-refused',
        'reuse-1-connects',
        'reuse-1-recycled',
        'no-timestamps-refused',
        'reuse-2-loopback-connects',
        'reuse-2-recycled',
        'tw-recycle-gone',
      ],
      followUps: [t('q.reuse.f1'), t('q.reuse.f2'), t('q.reuse.f3'), t('q.reuse.f4')],
      myth: { seed: '001', claim: t('q.reuse.myth.claim'), truth: t('q.reuse.myth.truth') },
    },
  ];
}
