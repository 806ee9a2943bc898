// The flood's own pieces: the lab's numbers, starting a wave of attackers, and the two
// judgements only this lab makes (the namespace's default tcp_syncookies, and that no
// attacker ever got through).

import type { Expectation } from '../../checker/expect.ts';
import type { Action } from '../kit/lab.ts';
import { start } from '../kit/plan.ts';
import { t } from './messages.ts';
import { type SynQueueSettings, synQueueCap } from './syn-queue.ts';

/**
 * The flooded listener's backlog. Small on purpose: once a SYN queue holds more than half of
 * max(8, limit), the kernel cuts its old requests to 2 SYN/ACK retries, so they expire 7 s
 * after they came and the queue empties between the attackers' retries
 * (reqsk_timer_handler() in net/ipv4/inet_connection_sock.c). With 3 the queue (4, or 3 on
 * older kernels) never passes that mark, and stays full for as long as the run lasts, on a
 * slow machine as on a fast one.
 */
export const BACKLOG = 3;
/** The quiet listener's backlog: room for the small-tcp_max_syn_backlog flood, still below the mark. */
export const QUIET_BACKLOG = 16;
/** Requests live through 7 SYN/ACK retries, 255 s: longer than any run. */
export const SYNACK_RETRIES = 7;
export const MAX_SYN_BACKLOG = 2048;
export const FLOOD_SYNS = 32;
export const WAVE_SYNS = 16;
/** The legitimate clients' address; attackers dial from 127.0.0.2 and up. */
export const LEGIT = '127.0.0.1';
export const SYNCOOKIES = 'net.ipv4.tcp_syncookies';

/**
 * The flooded listener's settings once the lab has turned cookies off. Its limit is the
 * backlog: somaxconn (4096 in a new namespace) is larger, which the LISTEN line's Send-Q shows.
 */
export const SETTINGS: SynQueueSettings = { limit: BACKLOG, maxSynBacklog: MAX_SYN_BACKLOG, syncookies: 0 };
/** The larger of the two caps kernels have: at least FLOOD_SYNS minus this many SYNs are dropped. */
export const MOST_QUEUED = synQueueCap(SETTINGS, 'limit + 1');

/** Each wave is its own role: the attackers of a wave keep running (their SYNs are retried). */
export const ATTACKERS = ['attacker', 'cookie-wave attacker', 'small-queue attacker'] as const;
/** The first address of each wave after the flood's 127.0.0.2-33: no two waves share one. */
export const FIRST_HOST = { cookieWave: 2 + FLOOD_SYNS, smallQueue: 2 + FLOOD_SYNS + WAVE_SYNS };
/**
 * How long a client stalled in SYN-SENT may wait for its next SYN: with linear timeouts they
 * leave 1 s apart, without them at 0, 1, 3, 7, 15 s (synGiveUp in checker/syn-give-up.ts);
 * a slow machine may get to the wait late, never early.
 */
export const NEXT_SYN_MS = 10_000;

/** `syns` SYNs to `port` from 127.0.0.<firstHost> onwards, all sent once the role says so. */
export function flood(role: (typeof ATTACKERS)[number], port: number, syns: number, firstHost: number): Action {
  const env = { PORT: String(port), SYNS: String(syns), FIRST_HOST: String(firstHost) };
  return start(role, { env, until: /sent \d+ SYNs/ });
}

/** Not one attacker handshake completed: every SYN/ACK to them was dropped. */
export function expectNoAttackerGotThrough(): Expectation {
  return {
    id: 'attackers-never-connected',
    text: t('noAttacker.text'),
    command: null,
    within: 0,
    async attempt(env) {
      const lines = ATTACKERS.flatMap((role) => env.output(role));
      const through = lines.filter((line) => /got through/.test(line));
      if (through.length > 0) return { ok: false, observed: through[0] as string };
      const sent = lines.filter((line) => /sent \d+ SYNs/.test(line));
      return { ok: sent.length > 0, observed: `attacker: ${sent.length} waves sent, none got through` };
    },
  };
}
