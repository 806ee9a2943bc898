// Which captured segments a lab's nftables rules drop before the receiver sees them. tcpdump
// on lo sees a segment as it leaves its sender; a rule in an input (or prerouting) hook then
// drops it on arrival, so a captured segment is not always a delivered one. (A rule in an
// output hook drops before tcpdump, so those segments are never captured at all.)
//
// The kit reads the rules the labs write, a small subset of nft's language:
//   tcp dport 8818 · tcp sport { 8818, 8819 } · ip daddr != 127.0.0.1 · ip saddr 127.0.0.2
//   tcp flags & (syn | ack) == syn · tcp flags & fin == fin · … drop
// and refuses any other drop rule, so a lab can never drop what the timeline thinks arrived.

import type { Packet, TcpFlag } from './packets.ts';

export type Hook = 'input' | 'output' | 'prerouting' | 'forward' | 'postrouting';

export interface DropRule {
  hook: Hook;
  /** The rule as written, for messages. */
  text: string;
  matches(packet: Packet): boolean;
}

const FLAG_WORDS: Record<string, TcpFlag> = { syn: 'SYN', ack: 'ACK', fin: 'FIN', rst: 'RST', psh: 'PSH', urg: 'URG' };

type Match = (packet: Packet) => boolean;

function flagSet(text: string): TcpFlag[] {
  return text
    .replace(/[()]/g, '')
    .split('|')
    .map((word) => {
      const flag = FLAG_WORDS[word.trim()];
      if (!flag) throw new Error(`unknown TCP flag "${word.trim()}"`);
      return flag;
    });
}

function numbers(text: string): number[] {
  return text
    .replace(/[{}]/g, '')
    .split(',')
    .map((n) => Number(n.trim()));
}

const TERMS: Array<[RegExp, (m: RegExpExecArray) => Match]> = [
  [
    /^tcp (dport|sport) (\{[^}]*\}|\d+)/,
    (m) => {
      const ports = numbers(m[2] as string);
      return (p) => ports.includes(m[1] === 'dport' ? p.dst.port : p.src.port);
    },
  ],
  [
    /^ip (daddr|saddr) (!= )?(\d+\.\d+\.\d+\.\d+)/,
    (m) => (p) => {
      const address = (m[1] === 'daddr' ? p.dst : p.src).address;
      // `ip` matches IPv4 packets only.
      return !address.includes(':') && (address === m[3]) !== Boolean(m[2]);
    },
  ],
  [
    /^tcp flags & (\([^)]*\)|\w+) == (\([^)]*\)|\w+(?: \| \w+)*)/,
    (m) => {
      const mask = flagSet(m[1] as string);
      const want = flagSet(m[2] as string);
      return (p) => mask.every((flag) => p.flags.includes(flag) === want.includes(flag));
    },
  ],
];

/** One rule line ending in `drop`, as a predicate on captured segments. */
export function parseDropRule(line: string, hook: Hook): DropRule {
  let rest = line.trim().replace(/\s+drop$/, '');
  const terms: Match[] = [];
  while (rest.length > 0) {
    const term = TERMS.map(([re, make]) => [re.exec(rest), make] as const).find(([m]) => m !== null);
    if (!term?.[0]) throw new Error(`the kit cannot read this nft rule: "${line.trim()}" (at "${rest}")`);
    terms.push(term[1](term[0]));
    rest = rest.slice(term[0][0].length).trim();
  }
  return { hook, text: line.trim(), matches: (p) => terms.every((match) => match(p)) };
}

/** Every drop rule of a table's body (`chain … { type filter hook input …; rules }`). */
export function parseDropRules(ruleset: string): DropRule[] {
  const rules: DropRule[] = [];
  let hook: Hook | null = null;
  for (const raw of ruleset.split('\n')) {
    const line = raw.trim();
    const chain = /type filter hook (\w+)/.exec(line);
    if (chain) hook = chain[1] as Hook;
    else if (/\bdrop$/.test(line)) {
      if (!hook) throw new Error(`nft rule outside a hooked chain: "${line}"`);
      rules.push(parseDropRule(line, hook));
    }
  }
  return rules;
}

/** Dropped after tcpdump saw it: a rule of an input-side hook matches it. */
export function droppedOnArrival(rules: readonly DropRule[], packet: Packet): boolean {
  return rules.some((rule) => (rule.hook === 'input' || rule.hook === 'prerouting') && rule.matches(packet));
}
