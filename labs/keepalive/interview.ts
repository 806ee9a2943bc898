// The interview question this lab's run settles. Every number in the model answer is read
// from the run's report (what ss -o, tcpdump, the counters and the programs showed), or is a
// setting the lab or the kernel's defaults put in place; built in a function, so the words
// follow the language.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, numberIn, observedOf, shown } from '../kit/interview.ts';
import { KERNEL_DEFAULTS } from './exercises.ts';
import { t } from './messages.ts';
import { KEEPALIVE_INTVL_S, KEEPALIVE_PROBES, KEEPALIVE_TIME_S } from './probes.ts';

/** A piece of an observation ("+0.000 s, +2.026 s, …"), or a mark that it is missing. */
function partOf(run: RunReport, id: string, pattern: RegExp): string {
  return pattern.exec(observedOf(run, id))?.[1] ?? t('iv.unmeasured');
}

/** The dead peer, part 1: the idle timer, the unanswered probes, the schedule, the abort. */
function deadPeer(run: RunReport) {
  // "5 segments (last heard, probes, RST) at …": the probes are all but the first and the last.
  const segments = numberIn(run, 'dead-peer-schedule', /^(\d+) segments/);
  return {
    idleMs: shown(numberIn(run, 'keepalive-timer-idle', /timer:\(keepalive,(\d+)ms,0\)/)),
    unanswered: shown(numberIn(run, 'keepalive-probes-unanswered', /timer:\(keepalive,\d+ms,(\d+)\)/)),
    deadProbes: shown(segments === null ? null : segments - 2),
    schedule: partOf(run, 'dead-peer-schedule', / at ([^;]+);/),
    gaps: partOf(run, 'dead-peer-schedule', /gaps ([^;]+)$/),
    deadMs: shown(numberIn(run, 'dead-after-5s', /took (\d+) ms/)),
    etimedoutMs: shown(numberIn(run, 'dead-peer-etimedout', /ETIMEDOUT (\d+) ms after connecting/)),
    aborted: shown(numberIn(run, 'aborted-on-timeout', /\+(\d+)/)),
    serverEstab: shown(numberIn(run, 'server-still-established', /^(\d+) ESTAB/)),
  };
}

/** The frozen peer, part 2: the answered probes, the quiet timer, the heartbeat's verdict. */
function frozenPeer(run: RunReport) {
  return {
    frozenProbes: shown(numberIn(run, 'probes-answered-while-frozen', /^(\d+) probes/)),
    answered: shown(numberIn(run, 'probes-answered-while-frozen', /(\d+) answered$/)),
    frozenGaps: partOf(run, 'probes-answered-while-frozen', /\(gaps ([^)]+)\)/),
    frozenTimerMs: shown(numberIn(run, 'keepalive-sees-nothing', /timer:\(keepalive,(\d+)ms,0\)/)),
    notAborted: shown(numberIn(run, 'nothing-aborted', /\+(\d+)/)),
    recvQ: shown(numberIn(run, 'ping-waits-in-recv-q', /Recv-Q (\d+)/)),
    heartbeatMs: shown(numberIn(run, 'heartbeat-detects-hang', /took (\d+) ms/)),
  };
}

/** The settings: this lab's sysctls, and the kernel's defaults with what they add up to. */
function settings() {
  const {
    tcp_keepalive_time: defTime,
    tcp_keepalive_intvl: defIntvl,
    tcp_keepalive_probes: defProbes,
  } = KERNEL_DEFAULTS;
  return {
    time: KEEPALIVE_TIME_S,
    intvl: KEEPALIVE_INTVL_S,
    probes: KEEPALIVE_PROBES,
    defTime,
    defIntvl,
    defProbes,
    defTotal: defTime + defProbes * defIntvl,
  };
}

function keepaliveVsHeartbeat(): InterviewQuestion {
  return {
    id: 'keepalive-vs-heartbeat',
    topic: 'timers',
    question: t('iv.ka.q'),
    answer: (run) => t('iv.ka.a', { ...settings(), ...deadPeer(run), ...frozenPeer(run) }),
    cites: [
      'keepalive-timer-idle',
      'keepalive-probes-unanswered',
      'dead-peer-schedule',
      'dead-after-5s',
      'dead-peer-etimedout',
      'aborted-on-timeout',
      'server-still-established',
      'server-process-stopped',
      'probes-answered-while-frozen',
      'keepalive-sees-nothing',
      'nothing-aborted',
      'ping-waits-in-recv-q',
      'heartbeat-detects-hang',
    ],
    followUps: [t('iv.ka.f1'), t('iv.ka.f2'), t('iv.ka.f3'), t('iv.ka.f4')],
    myth: {
      seed: '002',
      claim: t('iv.ka.myth.claim'),
      truth: t('iv.ka.myth.truth'),
    },
  };
}

/** Built afresh when asked, so the words follow the language. */
export function interviewQuestions(): InterviewQuestion[] {
  return [keepaliveVsHeartbeat()];
}
