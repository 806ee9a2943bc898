// How many half-open connections (SYN-RECV) a listener keeps before it drops a new SYN or
// answers it with a cookie, as Linux 6.x decides it in tcp_conn_request(). The lab asserts
// this number against what `ss` counts, so if the kernel decided otherwise the lab fails.
//
// 1. The SYN queue has no size of its own: it is full when its length is greater than the
//    listener's max_ack_backlog, which listen() set to min(backlog, net.core.somaxconn)
//    (inet_csk_reqsk_queue_is_full: len > max). So it holds min(backlog, somaxconn) + 1.
// 2. Without cookies (tcp_syncookies=0) a SYN from a peer the kernel has never completed a
//    connection with is also dropped once fewer than a quarter of tcp_max_syn_backlog slots
//    are left (max - len < max/4): the last quarter is kept for peers proven alive.
// 3. With tcp_syncookies=2 every SYN gets a cookie and no request is queued at all.

export interface SynQueueSettings {
  backlog: number;
  somaxconn: number;
  maxSynBacklog: number;
  syncookies: 0 | 1 | 2;
}

/** The largest SYN-RECV count the kernel lets a flood build on one listener. */
export function synQueueCap(settings: SynQueueSettings): number {
  if (settings.syncookies === 2) return 0;
  const byBacklog = Math.min(settings.backlog, settings.somaxconn) + 1;
  if (settings.syncookies === 1) return byBacklog;
  const max = settings.maxSynBacklog;
  const byMaxSynBacklog = max - Math.floor(max / 4) + 1;
  return Math.min(byBacklog, byMaxSynBacklog);
}

/** The same rule in words, for the lab's notes. */
export function explainSynQueueCap(settings: SynQueueSettings): string {
  const cap = synQueueCap(settings);
  if (settings.syncookies === 2) return 'tcp_syncookies=2: every SYN is answered with a cookie; nothing is queued';
  const byBacklog = `min(backlog ${settings.backlog}, somaxconn ${settings.somaxconn}) + 1 = ${Math.min(settings.backlog, settings.somaxconn) + 1}`;
  if (settings.syncookies === 1) return `SYN-RECV cap ${cap} = ${byBacklog}`;
  const max = settings.maxSynBacklog;
  const byMax = `tcp_max_syn_backlog ${max} - ${max}/4 + 1 = ${max - Math.floor(max / 4) + 1}`;
  return `SYN-RECV cap ${cap} = the smaller of ${byBacklog} and (no cookies) ${byMax}`;
}
