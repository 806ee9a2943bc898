// The second half of the story: SYN cookies turned on rescue the stalled client (1), cookies
// for every SYN leave nothing queued even with room (2), and without cookies a small
// tcp_max_syn_backlog caps the queue below backlog + 1.

import type { PlanInput, Step } from '../kit/lab.ts';
import { mark, note, signal, start, step, sysctl, waitExit, waitFor } from '../kit/plan.ts';
import { cookieOptions } from './cookie-options.ts';
import {
  expectNoAttackerGotThrough,
  FIRST_HOST,
  flood,
  NEXT_SYN_MS,
  QUIET_BACKLOG,
  SETTINGS,
  SYNCOOKIES,
  WAVE_SYNS,
} from './flood.ts';
import { expectHalfOpenAsBefore, expectHalfOpenCount, type SynQueueReading } from './half-open.ts';
import { t } from './messages.ts';
import { connectTime } from './queue-labs.ts';
import { explainSynQueueCap, SYN_QUEUE_RULES, type SynQueueSettings, synQueueCap } from './syn-queue.ts';
import { expectFirstSynAnswered } from './syns.ts';

export const SMALL_MAX_SYN_BACKLOG = 8;
const SMALL: SynQueueSettings = { ...SETTINGS, limit: QUIET_BACKLOG, maxSynBacklog: SMALL_MAX_SYN_BACKLOG };
/** Below both backlog caps, so the same on every kernel. */
const SMALL_CAP = Math.max(...SYN_QUEUE_RULES.map((rule) => synQueueCap(SMALL, rule)));

/** tcp_syncookies=1 while the flood holds :port's queue full. */
function cookiesRescue({ port, the }: PlanInput, queue: SynQueueReading): Step {
  return step(
    t('rescue.step'),
    mark('cookies'),
    sysctl(SYNCOOKIES, 1),
    start('second client'),
    waitFor('client', /connected in/, NEXT_SYN_MS),
    waitFor('second client', /connected in/, 3000),
    connectTime(the, 'legit-stalled', 'client', "the first client's connect()", { minMs: 1000 }, t('rescue.stalled')),
    expectFirstSynAnswered('legit-fast-with-cookies', 'second client', port, t('rescue.fast')),
    the.counter('cookies-sent', 'TcpExtSyncookiesSent', '>=', 2, {
      since: 'cookies',
      text: t('rescue.sent'),
    }),
    the.counter('cookie-returned', 'TcpExtSyncookiesRecv', '>=', 2, {
      since: 'cookies',
      text: t('rescue.returned'),
    }),
    expectHalfOpenAsBefore('syn-recv-full-with-cookies', port, queue.cap, t('rescue.full')),
  );
}

/** tcp_syncookies=2 on the quiet listener, whose queue has room. */
function cookiesAlways({ port, the }: PlanInput): Step {
  const quietPort = port + 1;
  return step(
    {
      title: t('always.step', { quietPort }),
      predict: {
        question: t('always.predict', { n: WAVE_SYNS, quietPort }),
        expectation: 'always-nothing-queued',
        choices: ['0', '4', String(WAVE_SYNS), String(QUIET_BACKLOG + 1)],
      },
    },
    sysctl(SYNCOOKIES, 2),
    mark('always'),
    start('quiet-port client', { env: { PORT: String(quietPort) } }),
    flood('cookie-wave attacker', quietPort, WAVE_SYNS, FIRST_HOST.cookieWave),
    the.counter('always-cookies-sent', 'TcpExtSyncookiesSent', '>=', WAVE_SYNS, {
      since: 'always',
      within: 2000,
      text: t('always.sent', { n: WAVE_SYNS, quietPort }),
    }),
    expectHalfOpenCount('always-nothing-queued', quietPort, 0, t('always.nothing', { quietPort, n: WAVE_SYNS })),
    waitFor('quiet-port client', /connected in/, 3000),
    the.counter('always-cookie-returned', 'TcpExtSyncookiesRecv', '>=', 1, {
      since: 'always',
      text: t('always.returned', { quietPort }),
    }),
    // Its SYN-SENT sockets would keep retrying their SYNs into the next step's queue.
    signal('cookie-wave attacker', 'SIGTERM'),
    waitExit('cookie-wave attacker'),
  );
}

/** No cookies and a small tcp_max_syn_backlog: the queue stops short of backlog + 1. */
function smallSynBacklog({ port, the }: PlanInput): Step {
  const quietPort = port + 1;
  return step(
    {
      title: t('small.step', { max: SMALL_MAX_SYN_BACKLOG, quietPort }),
      predict: {
        question: t('small.predict', {
          max: SMALL_MAX_SYN_BACKLOG,
          backlog: QUIET_BACKLOG,
          quietPort,
          n: WAVE_SYNS,
        }),
        expectation: 'syn-recv-capped-small',
        choices: [String(SMALL_CAP - 1), String(SMALL_CAP), String(SMALL_MAX_SYN_BACKLOG), String(QUIET_BACKLOG + 1)],
      },
    },
    sysctl(SYNCOOKIES, 0),
    sysctl('net.ipv4.tcp_max_syn_backlog', SMALL_MAX_SYN_BACKLOG),
    mark('small'),
    flood('small-queue attacker', quietPort, WAVE_SYNS, FIRST_HOST.smallQueue),
    note(explainSynQueueCap(SMALL)),
    the.counter('small-dropped', 'TcpExtListenDrops', '>=', WAVE_SYNS - SMALL_CAP, { since: 'small', within: 2000 }),
    expectHalfOpenCount(
      'syn-recv-capped-small',
      quietPort,
      SMALL_CAP,
      t('small.capped', { quietPort, cap: SMALL_CAP, max: SMALL_MAX_SYN_BACKLOG, backlog: QUIET_BACKLOG }),
      1000,
    ),
    expectNoAttackerGotThrough(),
  );
}

/** The steps after the flood has stalled the legitimate client. */
export function cookieSteps(input: PlanInput, queue: SynQueueReading): Step[] {
  return [cookiesRescue(input, queue), cookiesAlways(input), cookieOptions(input), smallSynBacklog(input)];
}
