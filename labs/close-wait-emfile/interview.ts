// Interview questions this lab's run settles. Every number in a model answer is read from
// what the kernel, the server's /proc and the clients showed in that run.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf } from '../kit/interview.ts';
import { t } from './messages.ts';

const unknown = '?';
const num = (run: RunReport, id: string, pattern: RegExp) => numberIn(run, id, pattern) ?? unknown;

/** The clients' tally as the run observed it: "45 of 60 served, 15 cut off (3 ECONNRESET, 12 EOF), …". */
function tallyOf(run: RunReport, id: string) {
  const m = /^(\d+) of (\d+) served, (\d+) cut off \((\d+) ECONNRESET, (\d+) EOF\)/.exec(observedOf(run, id));
  const at = (i: number) => m?.[i] ?? unknown;
  return { served: at(1), clients: at(2), cut: at(3), resets: at(4), eofs: at(5) };
}

function emfile(): InterviewQuestion {
  return {
    id: 'accept-emfile',
    topic: 'teardown',
    question: t('q.emfile.question'),
    answer: (run) => {
      const leak = tallyOf(run, 'clients-cut-off');
      const fixed = tallyOf(run, 'fixed-serves-all');
      return t('q.emfile.answer', {
        plateau: num(run, 'close-wait-plateau', /^(\d+) CLOSE-WAIT/),
        baseline: num(run, 'fd-limit', /; (\d+) descriptors below/),
        limit: num(run, 'fd-limit', /^Max open files (\d+)/),
        used: num(run, 'fds-at-limit', /^(\d+) descriptors below/),
        opens: num(run, 'every-handshake-completed', /\+(\d+)/),
        clients: leak.clients,
        overflows: num(run, 'no-listen-overflow', /\+(\d+)/),
        queue: num(run, 'listener-queue-empty', /Recv-Q (\d+)/),
        cut: leak.cut,
        resets: leak.resets,
        eofs: leak.eofs,
        rsts: num(run, 'rst-counters', /^TcpOutRsts \+(\d+)/),
        fixedServed: fixed.served,
        fixedClients: fixed.clients,
      });
    },
    cites: [
      'close-wait-plateau',
      'fd-limit',
      'fds-at-limit',
      'close-wait-eof-read',
      'every-handshake-completed',
      'no-listen-overflow',
      'listener-queue-empty',
      'clients-cut-off',
      'rst-counters',
      'node-says-nothing',
      'fixed-serves-all',
    ],
    followUps: [t('q.emfile.f1'), t('q.emfile.f2'), t('q.emfile.f3'), t('q.emfile.f4')],
    myth: { seed: '004', claim: t('q.emfile.myth.claim'), truth: t('q.emfile.myth.truth') },
  };
}

function restartHides(): InterviewQuestion {
  return {
    id: 'restart-hides-close-wait',
    topic: 'teardown',
    question: t('q.restart.question'),
    answer: (run) =>
      t('q.restart.answer', {
        after: num(run, 'restart-clears', /^(\d+) CLOSE-WAIT/),
        timeWait: num(run, 'served-clients-time-wait', /^(\d+) TIME-WAIT/),
        perClient: num(run, 'close-wait-per-client', /^(\d+) CLOSE-WAIT/),
        before: num(run, 'fd-limit', /; (\d+) descriptors below/),
        fds: num(run, 'fd-per-client', /^(\d+) descriptors below/),
        flat: num(run, 'fixed-fds-flat', /^(\d+) descriptors below/),
        fixedLeft: num(run, 'fixed-no-close-wait', /^(\d+) CLOSE-WAIT/),
      }),
    cites: [
      'restart-clears',
      'served-clients-time-wait',
      'close-wait-per-client',
      'fd-per-client',
      'fixed-fds-flat',
      'fixed-no-close-wait',
    ],
    followUps: [t('q.restart.f1'), t('q.restart.f2'), t('q.restart.f3')],
    myth: { seed: '001', claim: t('q.restart.myth.claim'), truth: t('q.restart.myth.truth') },
  };
}

/** Built when asked, so the words follow the language. */
export function interviewQuestions(): InterviewQuestion[] {
  return [emfile(), restartHides()];
}
