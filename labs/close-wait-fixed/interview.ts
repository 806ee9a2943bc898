// The interview question this lab's run settles. Every number in the model answer is read
// from the run's report (what ss and the capture showed); built in a function, so the words
// follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { t } from './messages.ts';

/** The sentence about the server's FIN, when the run was captured (the step is skipped otherwise). */
function wire(run: RunReport): string {
  const fin = /Flags \[([^\]]+)\], seq \d+, ack (\d+)/.exec(observedOf(run, 'server-fin-acks'));
  return fin ? t('iv.cwtw.wire', { flags: fin[1] as string, ack: fin[2] as string }) : '';
}

/** The sentence about TcpExtTW, when the run had counters of its own and they grew. */
function counted(run: RunReport): string {
  const grew = numberIn(run, 'tw-counted', /^TcpExtTW \+(\d+)/);
  return grew ? t('iv.cwtw.counted', { n: grew }) : '';
}

function answer(run: RunReport): string {
  return t('iv.cwtw.a', {
    left: shown(numberIn(run, 'server-left-close-wait', /^(\d+) CLOSE-WAIT/)),
    port: shown(numberIn(run, 'server-established', /^ESTAB [\d.]+:(\d+) /)),
    clientPort: shown(numberIn(run, 'client-time-wait', /^TIME-WAIT [\d.]+:(\d+) /)),
    seconds: shown(numberIn(run, 'client-time-wait-timer', /timer timewait ([\d.]+) s/)),
    wire: wire(run),
    counted: counted(run),
  });
}

export function interviewQuestions(): InterviewQuestion[] {
  return [
    {
      id: 'close-wait-vs-time-wait',
      topic: 'teardown',
      question: t('iv.cwtw.q'),
      answer,
      cites: [
        'server-established',
        'client-fin-acked',
        'server-left-close-wait',
        'client-time-wait',
        'client-time-wait-timer',
        'server-socket-gone',
      ],
      followUps: [t('iv.cwtw.f1'), t('iv.cwtw.f2'), t('iv.cwtw.f3'), t('iv.cwtw.f4')],
      myth: { seed: '001', claim: t('iv.cwtw.myth.claim'), truth: t('iv.cwtw.myth.truth') },
    },
  ];
}
