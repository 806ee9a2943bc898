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
 * tcpdump's `seconds.micros` on the run's clock, to the microsecond. Seconds and micros are
 * read apart: an epoch time in ms as one double keeps only about 3 decimals.
 */
function runTime(stamp: string, startEpochMs: number): number {
  const [seconds, micros = '0'] = stamp.split('.');
  const ms = Number(seconds) * 1000 - startEpochMs + Number(micros.padEnd(6, '0').slice(0, 6)) / 1000;
  return Math.round(ms * 1000) / 1000 || 0;
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
    tMs: runTime(stamp, startEpochMs),
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

/**
 * The argv that captures TCP on the sandbox's loopback, one line per segment, at once.
 * `-s 1024`: in immediate mode libpcap's ring holds frames as large as the snapshot length
 * (262144 by default, loopback's 64 KiB MTU in practice), so its 2 MiB buffer had room for
 * a few dozen segments, and a burst of thousands (time-wait-ports makes 4000 in half a
 * second) lost hundreds whenever tcpdump was not scheduled at once on a loaded machine.
 * Frames of 1 KiB hold thousands; every header and the first ~950 payload bytes are kept.
 */
export function tcpdumpArgs(filter: readonly string[] = ['tcp']): string[] {
  return ['tcpdump', '-i', 'lo', '-n', '-S', '-tt', '-s', '1024', '-l', '--immediate-mode', ...filter];
}

/**
 * The tcpdump a learner types to see what an expectation judged, e.g.
 * `tcpdumpCommand('tcp port 8818')`: absolute sequence numbers (-S) and epoch times (-tt),
 * which is how the kit's capture reads them too.
 */
export function tcpdumpCommand(filter: string): string[] {
  return ['tcpdump', '-i', 'lo', '-n', '-S', '-tt', filter];
}

// ── Reading a capture as connections ───────────────────────────────────────────────────
// Everything below works on parsed segments only (no tcpdump, no kernel), so the sequence
// diagram, the labs' packet expectations and the TUI can share it.

const SEQ_SPACE = 2 ** 32;

export function hasFlag(packet: Packet, flag: TcpFlag): boolean {
  return packet.flags.includes(flag);
}

/** Only SYN: the first segment of a handshake (or its retransmission). */
export function isSyn(packet: Packet): boolean {
  return hasFlag(packet, 'SYN') && !hasFlag(packet, 'ACK');
}

export function isSynAck(packet: Packet): boolean {
  return hasFlag(packet, 'SYN') && hasFlag(packet, 'ACK');
}

/** Flags the way people say them: `S.` → "SYN/ACK", `F.` → "FIN/ACK", `.` → "ACK". */
export function flagName(packet: Packet): string {
  const order: TcpFlag[] = ['SYN', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'ACK'];
  const names = order.filter((flag) => packet.flags.includes(flag));
  return names.length > 0 ? names.join('/') : 'none';
}

/**
 * The Fast Open option as tcpdump prints it (RFC 7413, TCP option 34): `tfo cookiereq` is
 * an empty option, "please give me a cookie"; `tfo cookie 7e989d8a58e361c0` carries one.
 * The pre-RFC experimental form (option 254 with the magic 0xF989), which Linux clients
 * fall back to when a server never answered the RFC form, is printed `exp-tfo …`.
 */
export type FastOpenOption =
  | { kind: 'cookie-request'; experimental: boolean }
  | { kind: 'cookie'; cookie: string; experimental: boolean };

const TFO_OPTION = /^(exp-)?tfo (?:(cookiereq)|cookie ([0-9a-f]+))$/i;

/** The segment's Fast Open option, or null when it carries none. */
export function fastOpenOption(packet: Pick<Packet, 'options'>): FastOpenOption | null {
  for (const option of packet.options) {
    const match = TFO_OPTION.exec(option);
    if (!match) continue;
    const experimental = match[1] !== undefined;
    if (match[2]) return { kind: 'cookie-request', experimental };
    return { kind: 'cookie', cookie: (match[3] as string).toLowerCase(), experimental };
  }
  return null;
}

/** The cookie a segment carries, or null (no option, or only a request). */
export function fastOpenCookie(packet: Pick<Packet, 'options'>): string | null {
  const option = fastOpenOption(packet);
  return option?.kind === 'cookie' ? option.cookie : null;
}

/** The option spelled the way tcpdump prints it, for reports. */
export function describeFastOpen(option: FastOpenOption | null): string {
  if (!option) return 'no Fast Open option';
  const name = option.experimental ? 'exp-tfo' : 'tfo';
  return option.kind === 'cookie-request' ? `${name} cookiereq` : `${name} cookie ${option.cookie}`;
}

/** `b - a` in sequence space (wraps at 2^32, as sequence numbers do). */
export function seqDistance(from: number, to: number): number {
  return (((to - from) % SEQ_SPACE) + SEQ_SPACE) % SEQ_SPACE;
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.address === b.address && a.port === b.port;
}

/** One TCP connection in a capture: its two ends and its segments in capture order. */
export interface Connection {
  client: Endpoint;
  server: Endpoint;
  packets: Packet[];
  /** The client's initial sequence number (the seq of its SYN), the textbook's x. */
  clientIsn: number | null;
  /** The server's initial sequence number (the seq of its SYN/ACK), the textbook's y. */
  serverIsn: number | null;
}

export function fromClient(connection: Connection, packet: Packet): boolean {
  return sameEndpoint(packet.src, connection.client);
}

/**
 * Groups segments by connection, in order of each one's first segment. The server is the
 * end whose port is one of `serverPorts`; otherwise the end a SYN was sent to; otherwise the
 * destination of the connection's first segment. A new SYN on a 4-tuple whose previous
 * connection already closed (FIN or RST seen) starts a new connection.
 */
export function splitConnections(packets: readonly Packet[], serverPorts: readonly number[] = []): Connection[] {
  const connections: Connection[] = [];
  const open = new Map<string, Connection>();
  const ended = new Set<Connection>();
  for (const packet of packets) {
    const ends = [packet.src, packet.dst].map((end) => `${end.address}|${end.port}`).sort();
    const key = ends.join(' ');
    let connection = open.get(key);
    if (connection && ended.has(connection) && isSyn(packet) && connection.clientIsn !== packet.seq) {
      connection = undefined;
    }
    if (!connection) {
      const srcIsServer = serverPorts.includes(packet.src.port) && !serverPorts.includes(packet.dst.port);
      const dstIsServer = serverPorts.includes(packet.dst.port) && !serverPorts.includes(packet.src.port);
      const clientFirst = dstIsServer || (!srcIsServer && (isSyn(packet) || !isSynAck(packet)));
      connection = {
        client: clientFirst ? packet.src : packet.dst,
        server: clientFirst ? packet.dst : packet.src,
        packets: [],
        clientIsn: null,
        serverIsn: null,
      };
      open.set(key, connection);
      connections.push(connection);
    }
    connection.packets.push(packet);
    const byClient = fromClient(connection, packet);
    if (byClient && isSyn(packet) && connection.clientIsn === null) connection.clientIsn = packet.seq;
    if (!byClient && isSynAck(packet) && connection.serverIsn === null) connection.serverIsn = packet.seq;
    if (hasFlag(packet, 'FIN') || hasFlag(packet, 'RST')) ended.add(connection);
  }
  return connections;
}

/** A segment of a connection with its numbers relative to each side's ISN. */
export interface NumberedPacket {
  packet: Packet;
  fromClient: boolean;
  /** seq − the sender's ISN (null when the ISN or the seq is unknown). */
  relSeq: number | null;
  relSeqEnd: number | null;
  /** ack − the receiver's ISN. */
  relAck: number | null;
  /**
   * tcpdump prints no seq for a segment that carries no data, SYN, FIN or RST (a bare
   * ACK); its seq is the sender's next sequence number, which we fill in here.
   */
  impliedSeq: number | null;
  /** Same sender, same flags and same seq as an earlier segment that used sequence space. */
  retransmission: boolean;
  /** A bare ACK repeating the sender's previous bare ACK. */
  duplicateAck: boolean;
}

/** Numbers every segment of a connection the way the textbook does (x, x+1, y, y+1…). */
export function numberConnection(connection: Connection): NumberedPacket[] {
  const next = new Map<boolean, number>();
  const sent = new Set<string>();
  const lastBareAck = new Map<boolean, number | null>();
  return connection.packets.map((packet) => {
    const byClient = fromClient(connection, packet);
    const ownIsn = byClient ? connection.clientIsn : connection.serverIsn;
    const peerIsn = byClient ? connection.serverIsn : connection.clientIsn;
    const impliedSeq = packet.seq === null ? (next.get(byClient) ?? null) : null;
    const usesSpace = hasFlag(packet, 'SYN') || hasFlag(packet, 'FIN') || packet.length > 0;
    const key = `${byClient}|${packet.flagText}|${packet.seq}|${packet.seqEnd}`;
    const retransmission = usesSpace && sent.has(key);
    if (usesSpace) sent.add(key);
    const bare = !usesSpace && !hasFlag(packet, 'RST') && hasFlag(packet, 'ACK');
    const duplicateAck = bare && lastBareAck.get(byClient) === packet.ack;
    if (bare) lastBareAck.set(byClient, packet.ack);
    if (packet.seq !== null && packet.seqEnd !== null) {
      const after = packet.seqEnd + (hasFlag(packet, 'SYN') ? 1 : 0) + (hasFlag(packet, 'FIN') ? 1 : 0);
      const previous = next.get(byClient);
      if (previous === undefined || seqDistance(previous, after) < SEQ_SPACE / 2) next.set(byClient, after % SEQ_SPACE);
    }
    const seq = packet.seq ?? impliedSeq;
    return {
      packet,
      fromClient: byClient,
      relSeq: ownIsn === null || seq === null ? null : seqDistance(ownIsn, seq),
      relSeqEnd: ownIsn === null || packet.seqEnd === null ? null : seqDistance(ownIsn, packet.seqEnd),
      relAck: peerIsn === null || packet.ack === null ? null : seqDistance(peerIsn, packet.ack),
      impliedSeq,
      retransmission,
      duplicateAck,
    };
  });
}
