// Reading tcpdump's one-line TCP summaries (`tcpdump -n -S -tt -l`) into segments:
//   1700000000.123456 IP 127.0.0.1.51764 > 127.0.0.1.8818: Flags [S], seq 2704776919,
//     win 65495, options [mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 10], length 0
// With -S the sequence and acknowledgement numbers are absolute, as on the wire.

import type { Endpoint } from './socket.ts';

export type TcpFlag = 'SYN' | 'ACK' | 'FIN' | 'RST' | 'PSH' | 'URG' | 'ECE' | 'CWR';

export interface Packet {
  /** Milliseconds since the run started. */
  tMs: number;
  src: Endpoint;
  dst: Endpoint;
  flags: TcpFlag[];
  /** tcpdump's own spelling, e.g. `S.` for SYN+ACK. */
  flagText: string;
  /** First sequence number of the segment (absolute). */
  seq: number | null;
  /** Sequence number after the segment's data (`seq a:b` → b). */
  seqEnd: number | null;
  ack: number | null;
  win: number | null;
  /** Payload bytes. */
  length: number;
  /** TCP options as tcpdump printed them (`mss 65495`, `sackOK`, `tfo cookiereq`…). */
  options: string[];
}

const FLAG_LETTERS: Record<string, TcpFlag> = {
  S: 'SYN',
  '.': 'ACK',
  F: 'FIN',
  R: 'RST',
  P: 'PSH',
  U: 'URG',
  E: 'ECE',
  W: 'CWR',
};

/** `127.0.0.1.8818` or `::1.8818` — tcpdump separates the port with a dot. */
export function parseTcpdumpEndpoint(text: string): Endpoint {
  const cut = text.lastIndexOf('.');
  const port = Number(text.slice(cut + 1));
  if (cut <= 0 || !Number.isInteger(port)) throw new Error(`not a tcpdump endpoint: ${text}`);
  return { address: text.slice(0, cut), port };
}

/** The options list `[mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 7,tfo  cookiereq,nop,nop]`. */
function parseOptions(text: string): string[] {
  return text
    .split(',')
    .map((option) => option.trim().replace(/\s+/g, ' '))
    .filter((option) => option !== '' && option !== 'nop' && option !== 'eol');
}

/**
 * One line of tcpdump output, or null if it is not a TCP segment line. `startEpochMs` is
 * the wall-clock time the run started, to turn tcpdump's timestamps into run time.
 */
export function parseTcpdumpLine(line: string, startEpochMs = 0): Packet | null {
  const head = /^(\d+\.\d+) IP6? (\S+) > (\S+): Flags \[([^\]]*)\](.*)$/.exec(line.trim());
  if (!head) return null;
  const [, stamp, src, dst, flagText, rest] = head as unknown as [string, string, string, string, string, string];
  const flags: TcpFlag[] = [];
  for (const letter of flagText) {
    const flag = FLAG_LETTERS[letter];
    if (flag && !flags.includes(flag)) flags.push(flag);
  }
  const seq = /, seq (\d+)(?::(\d+))?/.exec(rest);
  const ack = /, ack (\d+)/.exec(rest);
  const win = /, win (\d+)/.exec(rest);
  const length = /, length (\d+)/.exec(rest);
  const options = /, options \[([^\]]*)\]/.exec(rest);
  return {
    tMs: Math.round(Number(stamp) * 1000 - startEpochMs),
    src: parseTcpdumpEndpoint(src),
    dst: parseTcpdumpEndpoint(dst.replace(/:$/, '')),
    flags,
    flagText,
    seq: seq ? Number(seq[1]) : null,
    seqEnd: seq ? Number(seq[2] ?? seq[1]) : null,
    ack: ack ? Number(ack[1]) : null,
    win: win ? Number(win[1]) : null,
    length: length ? Number(length[1]) : 0,
    options: options ? parseOptions(options[1] as string) : [],
  };
}

/** The argv that captures TCP on the sandbox's loopback, one line per segment, at once. */
export function tcpdumpArgs(filter: readonly string[] = ['tcp']): string[] {
  return ['tcpdump', '-i', 'lo', '-n', '-S', '-tt', '-l', '--immediate-mode', ...filter];
}
