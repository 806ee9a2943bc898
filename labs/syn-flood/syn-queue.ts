// How many half-open connections (SYN-RECV) a listener keeps before it drops a new SYN or
// answers it with a cookie, as tcp_conn_request() in net/ipv4/tcp_input.c decides it. The
// lab counts them with `ss` and expects one of the two rules below, whichever this kernel
// has: there is no sysctl to ask, so the flood itself is the reading.
//
// 1. The SYN queue has no size of its own: listen() sets the listener's limit to
//    min(backlog, net.core.somaxconn) (the LISTEN line's Send-Q), and the queue counts as
//    full by inet_csk_reqsk_queue_is_full(). Since "tcp/dccp: allow a connection when
//    sk_max_ack_backlog is zero" (January 2025; in the stable kernels since, Debian 12's
//    6.1.192 included) full means len > limit, so it holds limit + 1; before it, len >= limit,
//    so it held exactly the limit. (The accept queue has been len > limit far longer.)
// 2. Without cookies (tcp_syncookies=0) a SYN from a peer the kernel has never completed a
//    connection with is also dropped once fewer than a quarter of tcp_max_syn_backlog slots
//    are left (max - len < max/4): the last quarter is kept for peers proven alive.
// 3. With tcp_syncookies=2 every SYN gets a cookie and no request is queued at all.

import { t } from './messages.ts';

export interface SynQueueSettings {
  /** The listener's limit, min(backlog, somaxconn): its Send-Q. */
  limit: number;
  maxSynBacklog: number;
  syncookies: 0 | 1 | 2;
}

/** Full at len > limit (the 2025 change and its backports) or at len >= limit (before). */
export type SynQueueRule = 'limit + 1' | 'limit';

export const SYN_QUEUE_RULES: readonly SynQueueRule[] = ['limit + 1', 'limit'];

/** The largest SYN-RECV count the kernel lets a flood build on one listener. */
export function synQueueCap(settings: SynQueueSettings, rule: SynQueueRule = 'limit + 1'): number {
  if (settings.syncookies === 2) return 0;
  const byBacklog = settings.limit + (rule === 'limit + 1' ? 1 : 0);
  if (settings.syncookies === 1) return byBacklog;
  const max = settings.maxSynBacklog;
  const byMaxSynBacklog = max - Math.floor(max / 4) + 1;
  return Math.min(byBacklog, byMaxSynBacklog);
}

/** The same rules in words, for the lab's notes. */
export function explainSynQueueCap(settings: SynQueueSettings): string {
  if (settings.syncookies === 2) return t('cap.always');
  const [plusOne, exact] = SYN_QUEUE_RULES.map((rule) => synQueueCap({ ...settings, syncookies: 1 }, rule)) as [
    number,
    number,
  ];
  const byBacklog = t('cap.byBacklog', { limit: settings.limit, plusOne, exact });
  if (settings.syncookies === 1) return t('cap.cookies', { byBacklog });
  const max = settings.maxSynBacklog;
  const byMax = t('cap.byMax', { max, cap: max - Math.floor(max / 4) + 1 });
  return t('cap.smaller', { byBacklog, byMax });
}
