// What the TCP-related sysctls really do, their defaults on current kernels, and the myths
// that recipe files repeat about them. The audit prefers what the running kernel shows (a
// fresh network namespace's values); this table fills in where the kernel cannot be asked
// (global keys, or no namespace) and explains what a value means.

import { synGiveUp } from './syn-give-up.ts';

export interface Myth {
  /** A comment matching this makes a claim the kernel contradicts… */
  pattern: RegExp;
  /** …unless it also matches this (a comment that already says the opposite). */
  unless?: RegExp;
  truth: string;
}

/** What the running kernel says, for checks that depend on another setting. */
export interface KernelFacts {
  /** tcp_syn_linear_timeouts, or 0 on kernels without it. */
  synLinearTimeouts: number;
}

export interface SysctlKnowledge {
  /** What the key really controls, in one sentence. */
  controls: string;
  /** Per network namespace (a fresh one shows the default) or one value for the machine. */
  scope: 'namespace' | 'global';
  /** The default on current kernels, as /proc/sys prints it; null when the kernel sizes it. */
  default: string | null;
  /** Numbers in comments about this key are durations in this unit. */
  unit?: 's' | 'ms';
  /** Defaults quoted by older documents, and when they changed. */
  history?: Record<string, string>;
  removedIn?: string;
  removedWhy?: string;
  myths?: Myth[];
  /** A check that needs arithmetic rather than a pattern. */
  check?: (comment: string, value: string, facts: KernelFacts) => string | null;
}

const SECONDS_CLAIM = /(\d+(?:\.\d+)?)\s*(seconds?|secs?|s\b|秒|minutes?|mins?|分钟)/i;

function checkSynRetriesTime(comment: string, value: string, facts: KernelFacts): string | null {
  const match = SECONDS_CLAIM.exec(comment);
  if (!match) return null;
  const claimed = Number(match[1]) * (/^(min|分)/i.test(match[2] as string) ? 60 : 1);
  const retriesClaim = /(?:default|默认)\D{0,12}(\d+)/i.exec(comment);
  const counts = [Number(value), ...(retriesClaim ? [Number(retriesClaim[1])] : [])].filter(
    (n) => Number.isInteger(n) && n >= 1 && n <= 127,
  );
  const giveUp = (n: number) => synGiveUp(n, facts.synLinearTimeouts).gaveUpAtS;
  const fits = counts.some((n) => Math.abs(giveUp(n) - claimed) <= claimed * 0.15);
  if (fits || counts.length === 0) return null;
  const linear =
    facts.synLinearTimeouts > 0
      ? ` (with this kernel's tcp_syn_linear_timeouts=${facts.synLinearTimeouts} the first retries wait 1 s each; the kernel gives up at the retry count or at the doubling schedule's length, whichever comes first)`
      : '';
  const each = counts.map((n) => `${n} retries give up after about ${giveUp(n)} s`);
  return `the comment says about ${claimed} s, but the first retry waits 1 s and each wait doubles: ${each.join(', ')}${linear}; about 180 s is what 5 retries took before Linux 3.1, whose first wait was 3 s (3 + 6 + … + 96 = 189 s); the default became 6 retries in 3.7`;
}

// Comments that tie tcp_fin_timeout to TIME-WAIT: it reclaims or shortens TIME-WAIT, it is
// TIME-WAIT's duration, sockets wait in TIME-WAIT for it, or it moves sockets into TIME-WAIT.
const TW = String.raw`time[\s_-]?wait|2\s*msl`;
const SHORTER = 'reclaim|recycl|shorten|reduc|faster|sooner|quick|回收|缩短|减少';
const FIN_TIMEOUT_IS_TIME_WAIT = new RegExp(
  [
    String.raw`(?:${TW})\s+(?:time|timeout|duration|length|period)`,
    String.raw`(?:how long|hold|keep|stay|remain)[^.;]*\bin\s+(?:${TW})`,
    `(?:${SHORTER})[^.;]*(?:${TW})`,
    `(?:${TW})[^.;]*(?:${SHORTER})`,
    String.raw`(?:move|moves|moving|goes|turns|转)[^.;]*(?:to|into|到)\s*(?:${TW})`,
  ].join('|'),
  'i',
);
const DENIES_TIME_WAIT = /(?:\bnot\b|n't|\bnever\b|不)[^.;]*time[\s_-]?wait/i;

export const KNOWLEDGE: Record<string, SysctlKnowledge> = {
  'net.ipv4.tcp_syn_retries': {
    controls:
      'how many times connect() resends an unanswered SYN before failing with ETIMEDOUT (the kernel caps it at 127); with tcp_syn_linear_timeouts it resends more often, but still gives up once as much time has passed as this many doubling waits take',
    scope: 'namespace',
    default: '6',
    history: { '5': '5 was the default before Linux 3.7' },
    myths: [
      {
        pattern: /\b255\b/,
        truth:
          'the kernel caps tcp_syn_retries at 127 and rejects anything larger (try sysctl -w net.ipv4.tcp_syn_retries=128)',
      },
    ],
    check: checkSynRetriesTime,
  },
  'net.ipv4.tcp_synack_retries': {
    controls: 'how many times a listener resends its SYN-ACK to a peer that never completes the handshake',
    scope: 'namespace',
    default: '5',
  },
  'net.ipv4.tcp_syn_linear_timeouts': {
    controls:
      'how many retransmissions of a SYN are followed by a fixed 1 s wait before the waits start doubling; they come on top of tcp_syn_retries, within its time limit (new kernels only)',
    scope: 'namespace',
    default: '4',
  },
  'net.ipv4.tcp_keepalive_time': {
    controls:
      'seconds a connection must sit idle before the first keepalive probe, and only on sockets that enabled SO_KEEPALIVE',
    scope: 'namespace',
    default: '7200',
    unit: 's',
    myths: [
      {
        pattern: /how often|frequen|interval|频度|频率|间隔/i,
        truth:
          'tcp_keepalive_time is the idle time before the first probe, not how often probes go out: the gap between probes is tcp_keepalive_intvl (75 s by default)',
      },
    ],
  },
  'net.ipv4.tcp_keepalive_intvl': {
    controls: 'seconds between keepalive probes once the first one got no answer',
    scope: 'namespace',
    default: '75',
    unit: 's',
  },
  'net.ipv4.tcp_keepalive_probes': {
    controls: 'how many unanswered keepalive probes end the connection',
    scope: 'namespace',
    default: '9',
  },
  'net.ipv4.tcp_orphan_retries': {
    controls:
      'how many times the kernel retransmits on a socket its program already closed before killing it (0 means 8 while the peer seems alive)',
    scope: 'namespace',
    default: '0',
  },
  'net.ipv4.tcp_fin_timeout': {
    controls:
      'seconds an orphaned FIN-WAIT-2 socket (closed by its program, waiting for the peer FIN) lives before the kernel frees it; TIME-WAIT is not affected',
    scope: 'namespace',
    default: '60',
    unit: 's',
    myths: [
      {
        pattern: FIN_TIMEOUT_IS_TIME_WAIT,
        unless: DENIES_TIME_WAIT,
        truth:
          'tcp_fin_timeout does not touch TIME-WAIT, which Linux holds for 60 s whatever this says; it bounds orphaned FIN-WAIT-2, and when it fires the socket is freed, not moved to TIME-WAIT',
      },
    ],
  },
  'net.ipv4.tcp_max_syn_backlog': {
    controls:
      'with tcp_syncookies=0, how many half-open connections a listener keeps before it reserves the rest for peers it has seen; the SYN queue itself is bounded by the listen backlog',
    scope: 'namespace',
    default: null,
  },
  'net.ipv4.tcp_syncookies': {
    controls:
      '0 never, 1 when a listener SYN queue overflows (the default), 2 always: answer SYNs with a cookie instead of queueing them',
    scope: 'namespace',
    default: '1',
  },
  'net.ipv4.tcp_tw_reuse': {
    controls:
      "lets connect() take over a port pair still in TIME-WAIT when timestamps make it safe (1 everywhere, 2 on loopback only), which ends that TIME-WAIT early; other TIME-WAIT sockets keep their 60 s, and it does nothing for a server's accepted connections",
    scope: 'namespace',
    default: '2',
    history: {
      '0': '0 was the default before Linux 4.18, which added the loopback-only setting 2 and made it the default',
    },
  },
  'net.ipv4.tcp_tw_reuse_delay': {
    controls: 'milliseconds a TIME-WAIT port pair must age before tcp_tw_reuse may hand it to connect()',
    scope: 'namespace',
    default: '1000',
    unit: 'ms',
  },
  'net.ipv4.tcp_tw_recycle': {
    controls: 'nothing any more: it recycled TIME-WAIT sockets using timestamps and was removed from the kernel',
    scope: 'namespace',
    default: null,
    removedIn: '4.12',
    removedWhy: 'it dropped connections from clients behind NAT, whose timestamps disagree',
  },
  'net.ipv4.tcp_max_tw_buckets': {
    controls:
      'how many TIME-WAIT sockets may exist at once; beyond it new ones are destroyed early (TCPTimeWaitOverflow)',
    scope: 'namespace',
    default: null,
  },
  'net.ipv4.tcp_abort_on_overflow': {
    controls: "1: answer a handshake's final ACK with RST when the accept queue is full, instead of dropping it",
    scope: 'namespace',
    default: '0',
  },
  'net.ipv4.tcp_fastopen': {
    controls:
      'TCP Fast Open, a bit mask: 0x1 lets clients send data in the SYN, 0x2 lets listeners accept it, but a listener still needs the TCP_FASTOPEN socket option (or 0x400) before any SYN data is taken (1 by default: clients only)',
    scope: 'namespace',
    default: '1',
  },
  'net.ipv4.tcp_retries2': {
    controls: 'how many times unacknowledged data is resent before an established connection is given up',
    scope: 'namespace',
    default: '15',
  },
  'net.ipv4.ip_local_port_range': {
    controls: 'the ports connect() picks from when the program does not bind one',
    scope: 'namespace',
    default: '32768 60999',
  },
  'net.core.somaxconn': {
    controls:
      "the cap on the backlog a program passes to listen(), applied when listen() is called: the listener's limit is min(backlog, somaxconn), and its accept queue holds one more than that (sk_acceptq_is_full: len > limit); the SYN queue holds the limit, or one more on kernels with the January 2025 change",
    scope: 'namespace',
    default: '4096',
    history: { '128': '128 was the default before Linux 5.4' },
  },
  'net.core.netdev_max_backlog': {
    controls:
      'how many received packets may wait, per CPU, for the network stack; it has nothing to do with listen backlogs',
    scope: 'global',
    default: '1000',
  },
};

export function knowledgeOf(key: string): SysctlKnowledge | undefined {
  return KNOWLEDGE[key];
}
