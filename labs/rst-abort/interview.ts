// The interview question this lab's run settles. Every number in the model answer (ports,
// counters, times, TIME-WAIT counts) is read from the run's report: what the capture, ss,
// the counters and the programs showed. Built in a function, so the words follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** The server port a FIN or RST came from, as the capture described the segment. */
const fromPort = /^(?:RST|FIN)\/ACK [\d.]+:(\d+) →/;
const grew = /\+(\d+)/;

/** The figures the answer quotes, each from the expectation that observed it. */
function figures(run: RunReport) {
  const n = (id: string, pattern: RegExp) => shown(numberIn(run, id, pattern));
  return {
    unreadPort: n('unread-close-is-rst', fromPort),
    replyBytes: n('reply-survives-rst', /^(\d+) bytes of reply/),
    finPort: n('idle-close-is-fin', fromPort),
    resetPort: n('reset-close-is-rst', fromPort),
    closedPort: n('syn-answered-by-rst', /RST\/ACK [\d.]+:(\d+) →/),
    abortOnClose: n('unread-counts-abort-on-close', grew),
    abortOnData: n('linger-zero-counts-abort-on-data', grew),
    resetCode: /then read ([A-Z]+)/.exec(observedOf(run, 'reset-client-econnreset'))?.[1] ?? t('iv.unmeasured'),
    serverTw: n('reset-server-no-time-wait', /^(\d+) TIME-WAIT/),
    clientTw: n('reset-client-no-time-wait', /^(\d+) TIME-WAIT/),
    finTw: n('closer-holds-time-wait', /^(\d+) TIME-WAIT/),
    refusedGapMs: n('syn-answered-by-rst', /\(([\d.]+) ms later\)/),
    refusedMs: n('connect-econnrefused', /failed after (\d+) ms/),
    attemptFails: n('refused-attempt-fails', grew),
    syns: n('refused-at-once', /^(\d+) SYN/),
    outRsts: n('every-rst-counted', /TcpOutRsts \+(\d+)/),
    captured: n('every-rst-counted', /shows (\d+) RST/),
    estabResets: n('aborts-reset-both-ends', grew),
  };
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'rst-versus-fin',
      topic: 'teardown',
      question: t('iv.rst.q'),
      answer: (run) => t('iv.rst.a', figures(run)),
      cites: [
        'unread-close-is-rst',
        'reply-survives-rst',
        'unread-counts-abort-on-close',
        'syn-answered-by-rst',
        'connect-econnrefused',
        'refused-at-once',
        'refused-attempt-fails',
        'idle-close-is-fin',
        'closer-holds-time-wait',
        'reset-close-is-rst',
        'reset-client-econnreset',
        'reset-server-no-time-wait',
        'reset-client-no-time-wait',
        'linger-zero-counts-abort-on-data',
        'every-rst-counted',
        'aborts-reset-both-ends',
      ],
      followUps: [t('iv.rst.f1'), t('iv.rst.f2'), t('iv.rst.f3'), t('iv.rst.f4')],
      myth: {
        seed: '001',
        claim: t('iv.rst.myth.claim'),
        truth: t('iv.rst.myth.truth'),
      },
    },
  ];
}
