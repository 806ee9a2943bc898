// When connect() gives up on an unanswered SYN, computed the way the kernel decides it, so
// the audit, the syn-retries lab and its lesson all use one answer.
//
// net/ipv4/tcp_timer.c, at every expiry of the SYN's retransmission timer:
//   tcp_write_timeout(): in SYN-SENT, expired once icsk_retransmits >= tcp_syn_retries
//     (+ tcp_syn_linear_timeouts on kernels that have that sysctl); if not, it is also
//     expired once retransmits_timed_out(sk, tcp_syn_retries, 0) holds: the time since the
//     first SYN has reached tcp_model_timeout(tcp_syn_retries, 1 s), the length that many
//     doubling waits take (2^(N+1) - 1 s, each wait capped at TCP_RTO_MAX, 120 s).
//   tcp_retransmit_timer(): otherwise the SYN is resent and the wait doubles, except in
//     SYN-SENT for the first tcp_syn_linear_timeouts expiries, where it stays 1 s.
// Without linear timeouts both limits fall on the same expiry; with them the time limit
// usually comes first (tcp_syn_retries=2: 5 retransmissions, ETIMEDOUT at 7 s).

/** TCP_TIMEOUT_INIT: the first wait for a SYN's answer, 1 s since Linux 3.1 (3 s before). */
const FIRST_WAIT_S = 1;
/** TCP_RTO_MAX (net.ipv4.tcp_rto_max_ms on kernels that have it; 120 s by default). */
const RTO_MAX_S = 120;

export interface SynGiveUp {
  /** When each SYN leaves, in seconds after the first (the first is at 0). */
  sentAtS: number[];
  /** When connect() fails with ETIMEDOUT, in seconds after the first SYN (nominal: timers fire a little late). */
  gaveUpAtS: number;
  /** Which limit ended it: the retransmission count, or the time limit. */
  limit: 'count' | 'time';
}

/** tcp_model_timeout(): how long `boundary` doubling waits take, from `first`, each capped at `rtoMax`. */
function modelTimeoutS(boundary: number, first: number, rtoMax: number): number {
  const thresh = Math.floor(Math.log2(rtoMax / first));
  if (boundary <= thresh) return (2 ** (boundary + 1) - 1) * first;
  return (2 ** (thresh + 1) - 1) * first + (boundary - thresh) * rtoMax;
}

/**
 * The SYNs a connect() to a black hole sends, and when it gives up, for tcp_syn_retries =
 * `retries` and tcp_syn_linear_timeouts = `linearTimeouts` (0 on kernels without it).
 */
export function synGiveUp(retries: number, linearTimeouts = 0, rtoMaxS = RTO_MAX_S): SynGiveUp {
  const maxRetransmits = retries + linearTimeouts;
  const timeLimit = modelTimeoutS(retries, FIRST_WAIT_S, rtoMaxS);
  const sentAtS = [0];
  let now = 0;
  let wait = FIRST_WAIT_S;
  for (let retransmits = 0; ; ) {
    now += wait;
    if (retransmits >= maxRetransmits) return { sentAtS, gaveUpAtS: now, limit: 'count' };
    if (retransmits > 0 && now >= timeLimit) return { sentAtS, gaveUpAtS: now, limit: 'time' };
    retransmits += 1;
    sentAtS.push(now);
    // icsk_backoff is now `retransmits`; the wait doubles once it passes the linear ones.
    if (retransmits > linearTimeouts) wait = Math.min(wait * 2, rtoMaxS);
  }
}
