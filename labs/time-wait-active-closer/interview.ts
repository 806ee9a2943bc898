// Interview questions this lab's run settles. Every number in a model answer is read from
// what the kernel showed in that run (ss -o, the capture); a kernel constant is named as one.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf } from '../kit/interview.ts';
import { t } from './messages.ts';

/** "3 TIME-WAIT: …" → 3 (or "?" when the run did not show it). */
function countIn(run: RunReport, id: string): number | string {
  return numberIn(run, id, /^(\d+) TIME-WAIT/) ?? '?';
}

/** The timer's full length, timed against the capture (absent when the run had no capture). */
function timedLength(run: RunReport): string {
  const timed = run.expectations.find((e) => e.id === 'time-wait-length');
  const runs = /the timer runs ([\d.]+) s/.exec(timed?.observed ?? '')?.[1];
  const socket = /^TIME-WAIT (\S+ ⇄ \S+):/.exec(timed?.observed ?? '')?.[1];
  return timed?.ok && runs && socket ? t('q.who.length', { socket, runs }) : '';
}

function whoHoldsTimeWait(): InterviewQuestion {
  const seconds = (run: RunReport) => numberIn(run, 'time-wait-timer', /timer timewait ([\d.]+) s/) ?? '?';
  return {
    id: 'who-holds-time-wait',
    topic: 'teardown',
    question: t('q.who.question'),
    // The 60 s is never typed here: ss -o's reading, and with a capture the measured length.
    answer: (run) =>
      t('q.who.answer', {
        port: run.port,
        server: countIn(run, 'server-holds-time-wait'),
        client: countIn(run, 'client-holds-none'),
        keepAlive: countIn(run, 'keepalive-client-time-wait'),
        seconds: seconds(run),
        socket: /TIME-WAIT (\S+ ⇄ \S+)/.exec(observedOf(run, 'time-wait-timer'))?.[1] ?? '?',
        length: timedLength(run),
      }),
    cites: ['server-holds-time-wait', 'client-holds-none', 'time-wait-timer', 'keepalive-client-time-wait'],
    followUps: [t('q.who.f1'), t('q.who.f2'), t('q.who.f3'), t('q.who.f4')],
    myth: { seed: '002', claim: t('q.who.myth.claim'), truth: t('q.who.myth.truth') },
  };
}

function newSynOnTimeWait(): InterviewQuestion {
  return {
    id: 'time-wait-new-syn',
    topic: 'teardown',
    question: t('q.syn.question'),
    answer: (run) => {
      const held = observedOf(run, 'same-port-time-wait');
      const port = /⇄ [\d.]+:(\d+)/.exec(held)?.[1] ?? '?';
      const wire = /Flags \[([^\]]+)\], ack \d+, ([\d.]+) ms later/.exec(observedOf(run, 'tw-syn-accepted'));
      return t('q.syn.answer', {
        port,
        held,
        wire: wire ? t('q.syn.wire', { flags: wire[1] ?? '', ms: wire[2] ?? '' }) : '',
      });
    },
    cites: ['same-port-time-wait', 'same-port-reconnected'],
    followUps: [t('q.syn.f1'), t('q.syn.f2'), t('q.syn.f3')],
    myth: { seed: '001', claim: t('q.syn.myth.claim'), truth: t('q.syn.myth.truth') },
  };
}

function keepAliveTimeWait(): InterviewQuestion {
  const figures = (run: RunReport) => ({
    n: numberIn(run, 'keepalive-all-answered', /got \/(\d+) on the same connection/) ?? '?',
    server: countIn(run, 'keepalive-server-none'),
    client: countIn(run, 'keepalive-client-time-wait'),
    nodeDefault: numberIn(run, 'node-keepalive-default', /default: (\d+) ms/) ?? '?',
    finMs: numberIn(run, 'idle-server-fin-first', /, (\d+) ms after/) ?? '?',
    idle: countIn(run, 'idle-server-time-wait'),
    idleClient: countIn(run, 'idle-client-none'),
  });
  return {
    id: 'keep-alive-time-wait',
    topic: 'teardown',
    question: t('q.keepAlive.question'),
    answer: (run) => t('q.keepAlive.answer', figures(run)),
    cites: ['keepalive-server-none', 'keepalive-client-time-wait', 'idle-server-time-wait', 'idle-client-none'],
    followUps: [t('q.keepAlive.f1'), t('q.keepAlive.f2'), t('q.keepAlive.f3')],
    myth: { seed: '004', claim: t('q.keepAlive.myth.claim'), truth: t('q.keepAlive.myth.truth') },
  };
}

/** Built when asked, so the words follow the language. */
export function interviewQuestions(): InterviewQuestion[] {
  return [whoHoldsTimeWait(), newSynOnTimeWait(), keepAliveTimeWait()];
}
