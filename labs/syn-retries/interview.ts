// The questions this lab's run settles. Every number in a model answer is read from the run
// (what tcpdump timed, what connect() printed, what the counters said) or computed by
// synGiveUp(), the kernel's rule, when it names a default the run does not wait for.

import { synGiveUp } from '../../checker/syn-give-up.ts';
import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf } from '../kit/interview.ts';
import { t } from './messages.ts';
import { KERNEL_LINEAR_DEFAULT, SYN_RETRIES, TEXTBOOK } from './steps.ts';

/** Linux's default tcp_syn_retries (net/ipv4/tcp_ipv4.c, TCP_SYN_RETRIES in include/net/tcp.h). */
const DEFAULT_SYN_RETRIES = 6;

/** "3 SYNs at +0.000 s, +1.031 s, +3.047 s", as the schedule expectation observed it. */
function scheduleOf(run: RunReport, id: string): string {
  const match = /^(\d+) SYNs at ([^;]+)/.exec(observedOf(run, id));
  return match ? t('iv.schedule', { n: match[1] as string, times: match[2] as string }) : t('iv.unmeasured');
}

/** The ms a connect() took, as the duration expectation observed it. */
function tookMs(run: RunReport, id: string): string {
  return String(numberIn(run, id, /took (\d+) ms/) ?? t('iv.unmeasured'));
}

/** The kernel defaults the answers name, from the same rule the lab is judged by. */
function defaults() {
  return {
    defaultRetries: DEFAULT_SYN_RETRIES,
    defaultS: synGiveUp(DEFAULT_SYN_RETRIES).gaveUpAtS,
    bothDefaultsS: synGiveUp(DEFAULT_SYN_RETRIES, KERNEL_LINEAR_DEFAULT).gaveUpAtS,
    linearDefault: KERNEL_LINEAR_DEFAULT,
  };
}

/** The linear-timeouts part: what this kernel showed, or why it has none (kernels before 6.5). */
function linearPart(run: RunReport): string {
  const ran = run.expectations.some((e) => e.id === 'linear-gave-up-after-7s' && e.ok);
  if (!ran) return t('iv.blackHole.noLinear', defaults());
  const syns = /^(\d+) SYNs at ([^;]+)/.exec(observedOf(run, 'syn-schedule-linear'));
  return t('iv.blackHole.linear', {
    ...defaults(),
    linearSyns: syns?.[1] ?? t('iv.unmeasured'),
    linearSchedule: syns?.[2] ?? t('iv.unmeasured'),
    linearMs: tookMs(run, 'linear-gave-up-after-7s'),
  });
}

function blackHole(): InterviewQuestion {
  return {
    id: 'connect-timeout-black-hole',
    topic: 'timers',
    question: t('iv.blackHole.q'),
    answer: (run) =>
      t('iv.blackHole.a', {
        ...defaults(),
        retries: SYN_RETRIES,
        schedule: scheduleOf(run, 'syn-schedule-textbook'),
        tookMs: tookMs(run, 'gave-up-after-7s'),
        nominal: TEXTBOOK.gaveUpAtS,
        linear: linearPart(run),
      }),
    cites: ['syn-schedule-textbook', 'connect-etimedout', 'gave-up-after-7s'],
    followUps: [t('iv.blackHole.f1'), t('iv.blackHole.f2'), t('iv.blackHole.f3'), t('iv.blackHole.f4')],
    myth: {
      seed: '003',
      claim: t('iv.blackHole.myth.claim'),
      truth: t('iv.blackHole.myth.truth', { ...defaults(), retries: SYN_RETRIES, nominal: TEXTBOOK.gaveUpAtS }),
    },
  };
}

function outputDrop(): InterviewQuestion {
  return {
    id: 'syn-dropped-on-the-way-out',
    topic: 'handshake',
    question: t('iv.outputDrop.q'),
    answer: (run) =>
      t('iv.outputDrop.a', {
        printed: /connect\(\) failed after \d+ ms: \w+/.exec(observedOf(run, 'output-drop-etimedout'))?.[0] ?? '',
        tookMs: tookMs(run, 'output-drop-gave-up-after-7s'),
        otherMs: tookMs(run, 'gave-up-after-7s'),
        captured: observedOf(run, 'output-drop-never-captured'),
        retransFail: observedOf(run, 'output-drop-retrans-fail'),
        nominal: TEXTBOOK.gaveUpAtS,
      }),
    cites: [
      'output-drop-etimedout',
      'output-drop-gave-up-after-7s',
      'output-drop-never-captured',
      'output-drop-retrans-fail',
      'gave-up-after-7s',
    ],
    followUps: [t('iv.outputDrop.f1'), t('iv.outputDrop.f2'), t('iv.outputDrop.f3')],
  };
}

/** Built afresh when asked, so the words follow the language. */
export function interviewQuestions(): InterviewQuestion[] {
  return [blackHole(), outputDrop()];
}
