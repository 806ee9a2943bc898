// How far a measured kernel timer may stray from its nominal value, in one place. Timers fire
// late, never early: the early margin only absorbs tcpdump's and the scheduler's jitter, the
// late one a loaded machine's. Every schedule and timer expectation takes its slack from here.

export interface Slack {
  /** How much shorter than nominal a gap may be, in ms. */
  earlyMs: number;
  /** How much longer, in ms. */
  lateMs: number;
}

/** Retransmission timers (SYN, SYN/ACK): −50 / +250 ms per gap. */
export const RETRANSMIT_SLACK: Slack = { earlyMs: 50, lateMs: 250 };

/** Keepalive probes ride a coarser timer wheel: −50 / +300 ms per gap. */
export const KEEPALIVE_SLACK: Slack = { earlyMs: 50, lateMs: 300 };

/** `−50/+250 ms`, as expectation texts print a slack. */
export function slackText(slack: Slack): string {
  return `−${slack.earlyMs}/+${slack.lateMs} ms`;
}

/**
 * A SYN/ACK held by nft, then released (handshake): its first copy on the wire, measured from
 * the client's SYN, lands −50 / +600 ms around a retransmission point (1, 2, 3… s).
 */
export const HELD_SYNACK_SLACK: Slack = { earlyMs: 50, lateMs: 600 };

/**
 * A TIME-WAIT timer read from /proc/net/tcp (1/100 s ticks, rounded down; read at 20 Hz)
 * against the instant it should fire, 60 s after the ACK that set it: −30 / +60 ms (a slow
 * read of the table makes the reading late).
 */
export const TIMEWAIT_READING_SLACK: Slack = { earlyMs: 30, lateMs: 60 };
