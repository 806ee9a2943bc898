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
import { connectTime } from './queue-labs.ts';
import { explainSynQueueCap, SYN_QUEUE_RULES, type SynQueueSettings, synQueueCap } from './syn-queue.ts';
import { expectFirstSynAnswered } from './syns.ts';

const SMALL_MAX_SYN_BACKLOG = 8;
const SMALL: SynQueueSettings = { ...SETTINGS, limit: QUIET_BACKLOG, maxSynBacklog: SMALL_MAX_SYN_BACKLOG };
/** Below both backlog caps, so the same on every kernel. */
const SMALL_CAP = Math.max(...SYN_QUEUE_RULES.map((rule) => synQueueCap(SMALL, rule)));

/** tcp_syncookies=1 while the flood holds :port's queue full. */
function cookiesRescue({ port, the }: PlanInput, queue: SynQueueReading): Step {
  return step(
    'tcp_syncookies=1: the waiting client gets in at its next SYN; a new client at its first',
    mark('cookies'),
    sysctl(SYNCOOKIES, 1),
    start('second client'),
    waitFor('client', /connected in/, NEXT_SYN_MS),
    waitFor('second client', /connected in/, 3000),
    connectTime(
      the,
      'legit-stalled',
      'client',
      "the first client's connect()",
      { minMs: 1000 },
      "the first client's connect() took at least 1000 ms: it hung through dropped SYNs until cookies were on",
    ),
    expectFirstSynAnswered(
      'legit-fast-with-cookies',
      'second client',
      port,
      "the second client's first SYN was answered: tcpdump saw one SYN from it, then the SYN/ACK with the cookie (a dropped SYN is resent 1 s later)",
    ),
    the.counter('cookies-sent', 'TcpExtSyncookiesSent', '>=', 2, {
      since: 'cookies',
      text: 'within 1 s, TcpExtSyncookiesSent grew by at least 2: the full queue answers SYNs with a cookie instead of dropping them',
    }),
    the.counter('cookie-returned', 'TcpExtSyncookiesRecv', '>=', 2, {
      since: 'cookies',
      text: "within 1 s, TcpExtSyncookiesRecv grew by at least 2: both clients' ACKs brought a valid cookie back (attackers never answer)",
    }),
    expectHalfOpenAsBefore(
      'syn-recv-full-with-cookies',
      port,
      queue.cap,
      'the SYN queue is still full, at the cap the flood showed: a cookie takes no slot, the state travels in the sequence number',
    ),
  );
}

/** tcp_syncookies=2 on the quiet listener, whose queue has room. */
function cookiesAlways({ port, the }: PlanInput): Step {
  const quietPort = port + 1;
  return step(
    `tcp_syncookies=2: cookies always, even on :${quietPort}, which has room`,
    sysctl(SYNCOOKIES, 2),
    mark('always'),
    start('quiet-port client', { env: { PORT: String(quietPort) } }),
    flood('cookie-wave attacker', quietPort, WAVE_SYNS, FIRST_HOST.cookieWave),
    the.counter('always-cookies-sent', 'TcpExtSyncookiesSent', '>=', WAVE_SYNS, {
      since: 'always',
      within: 2000,
      text: `within 2 s, TcpExtSyncookiesSent grew by at least ${WAVE_SYNS}: each SYN to :${quietPort} got a cookie`,
    }),
    expectHalfOpenCount(
      'always-nothing-queued',
      quietPort,
      0,
      `:${quietPort} holds no SYN-RECV after ${WAVE_SYNS} half-open handshakes, though its backlog has room for them all: with 2, the kernel keeps no state for any SYN`,
    ),
    waitFor('quiet-port client', /connected in/, 3000),
    the.counter('always-cookie-returned', 'TcpExtSyncookiesRecv', '>=', 1, {
      since: 'always',
      text: `within 1 s, TcpExtSyncookiesRecv grew: the client's handshake with :${quietPort} was completed from a cookie`,
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
    `tcp_syncookies=0, tcp_max_syn_backlog=${SMALL_MAX_SYN_BACKLOG}: a flood on :${quietPort} stops earlier`,
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
      `:${quietPort} holds exactly ${SMALL_CAP} SYN-RECV = ${SMALL_MAX_SYN_BACKLOG} - ${SMALL_MAX_SYN_BACKLOG}/4 + 1, below its backlog's cap (${QUIET_BACKLOG}): without cookies the last quarter of tcp_max_syn_backlog is kept for peers proven alive`,
      1000,
    ),
    expectNoAttackerGotThrough(),
  );
}

/** The steps after the flood has stalled the legitimate client. */
export function cookieSteps(input: PlanInput, queue: SynQueueReading): Step[] {
  return [cookiesRescue(input, queue), cookiesAlways(input), cookieOptions(input), smallSynBacklog(input)];
}
