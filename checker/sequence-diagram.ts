// A capture drawn as the sequence diagram of a textbook: the client's column on the left,
// the server's on the right, one arrow per segment with its flags and its numbers relative
// to each side's initial sequence number (x for the client, y for the server), and the
// absolute numbers tcpdump printed beside it. Pure: segments in, lines of text out.
//
//              client 127.0.0.1:55060                       server 127.0.0.1:8818
//     +0.272s  │── SYN seq=x ───────────────────────────────────────▶│  seq 83078130 [mss 65495,…]
//              │                  ·· 1.023 s ··                      │
//     +1.295s  │◀─────────────────────────── SYN/ACK seq=y ack=x+1 ──│  seq 3545301750 ack 83078131

import { alikeText, foldAlike } from './alike.ts';
import {
  type Connection,
  flagName,
  hasFlag,
  type NumberedPacket,
  numberConnection,
  type Packet,
  splitConnections,
} from './packets.ts';
import { formatEndpoint } from './socket.ts';
import { words } from './words.ts';

export interface DiagramOptions {
  /** Ports servers listen on: the end with one of these ports is drawn on the right. */
  serverPorts?: readonly number[];
  /** Draw at most this many segments (all connections together); say how many were left. */
  maxPackets?: number;
  /** A silence at least this long gets its own line ("·· 1.023 s ··"). */
  gapMs?: number;
}

const MIN_ARROW = 50;
const HALF = 2 ** 31;

/** `x`, `x+1`, `y+16`: a number relative to an initial sequence number, textbook style. */
export function symbolic(base: 'x' | 'y', relative: number): string {
  if (relative === 0) return base;
  if (relative > HALF) return `${base}-${2 ** 32 - relative}`;
  return `${base}+${relative}`;
}

export function formatRunTime(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(3)}s`;
}

/** The label on the arrow: flags, then seq and ack relative to x and y. */
export function arrowLabel(numbered: NumberedPacket): string {
  const { packet } = numbered;
  const own = numbered.fromClient ? 'x' : 'y';
  const peer = numbered.fromClient ? 'y' : 'x';
  const parts = [flagName(packet)];
  if (numbered.relSeq !== null) {
    const start = symbolic(own, numbered.relSeq);
    const end = numbered.relSeqEnd !== null && packet.length > 0 ? `:${symbolic(own, numbered.relSeqEnd)}` : '';
    parts.push(numbered.impliedSeq !== null ? `(seq=${start})` : `seq=${start}${end}`);
  } else if (packet.seq !== null) {
    parts.push(`seq=${packet.seq}`);
  }
  if (numbered.relAck !== null) parts.push(`ack=${symbolic(peer, numbered.relAck)}`);
  else if (packet.ack !== null) parts.push(`ack=${packet.ack}`);
  return parts.join(' ');
}

/** TCP options worth reading; timestamps change on every segment and only add noise. */
function shownOptions(packet: Packet): string[] {
  return packet.options.filter((option) => !option.startsWith('TS '));
}

/** What tcpdump printed, beside the arrow: absolute numbers, length, options, remarks. */
export function segmentDetails(numbered: NumberedPacket): string {
  const { packet } = numbered;
  const parts: string[] = [];
  if (packet.seq !== null) {
    parts.push(packet.length > 0 ? `seq ${packet.seq}:${packet.seqEnd}` : `seq ${packet.seq}`);
  } else if (numbered.impliedSeq !== null) {
    parts.push(`(seq ${numbered.impliedSeq})`);
  }
  if (packet.ack !== null) parts.push(`ack ${packet.ack}`);
  if (packet.length > 0) parts.push(`len ${packet.length}`);
  if (hasFlag(packet, 'SYN') && packet.win !== null) parts.push(`win ${packet.win}`);
  const options = shownOptions(packet);
  if (options.length > 0) parts.push(`[${options.join(',')}]`);
  if (numbered.retransmission) parts.push('retransmission');
  if (numbered.duplicateAck) parts.push('duplicate ACK');
  return parts.join(' ');
}

function arrow(label: string, width: number, rightward: boolean): string {
  const body = rightward ? `── ${label} ` : ` ${label} ──`;
  const fill = '─'.repeat(Math.max(1, width - body.length - 1));
  return rightward ? `${body}${fill}▶` : `◀${fill}${body}`;
}

function centered(text: string, width: number): string {
  const left = Math.max(0, Math.floor((width - text.length) / 2));
  return `${' '.repeat(left)}${text}`.padEnd(width);
}

/** Who closed first, or who reset, in one sentence (from the segments alone). */
export function closingNote(connection: Connection): string | null {
  const reset = connection.packets.find((packet) => hasFlag(packet, 'RST'));
  const fin = connection.packets.find((packet) => hasFlag(packet, 'FIN'));
  const side = (packet: Packet) =>
    packet.src.address === connection.client.address && packet.src.port === connection.client.port
      ? 'client'
      : 'server';
  if (reset && (!fin || reset.tMs <= fin.tMs)) return words('diagram.reset', { side: words(`side.${side(reset)}`) });
  if (!fin) return null;
  return words('diagram.firstFin', { side: words(`side.${side(fin)}`) });
}

const TIME_WIDTH = 9;
/** Built when drawn, so the words follow the language. */
const legend = () => [words('diagram.isns'), words('diagram.bareAck')];

/** One connection's diagram: the ends, x and y, an arrow per segment, who closed first. */
function drawConnection(connection: Connection, numbered: readonly NumberedPacket[], title: string, gapMs: number) {
  const labels = numbered.map(arrowLabel);
  const width = Math.max(MIN_ARROW, ...labels.map((label) => label.length + 10));
  const client = `client ${formatEndpoint(connection.client)}`;
  const server = `server ${formatEndpoint(connection.server)}`;
  const pad = ' '.repeat(TIME_WIDTH + 2);
  const isns = [
    connection.clientIsn === null ? null : `x = ${connection.clientIsn}`,
    connection.serverIsn === null ? null : `y = ${connection.serverIsn}`,
  ].filter((part) => part !== null);
  const gap = ' '.repeat(Math.max(2, width + 2 - client.length - server.length));
  const lines = [`${pad}${client}${gap}${server}${title}`];
  if (isns.length > 0) lines.push(`${pad}${isns.join(', ')}`);
  let previous: number | null = null;
  numbered.forEach((segment, index) => {
    const { packet } = segment;
    if (previous !== null && packet.tMs - previous >= gapMs) {
      lines.push(`${pad}│${centered(`·· ${((packet.tMs - previous) / 1000).toFixed(3)} s ··`, width)}│`);
    }
    previous = packet.tMs;
    const time = formatRunTime(packet.tMs).padStart(TIME_WIDTH);
    const line = arrow(labels[index] as string, width, segment.fromClient);
    lines.push(`${time}  │${line}│  ${segmentDetails(segment)}`.trimEnd());
  });
  const note = numbered.length === connection.packets.length ? closingNote(connection) : null;
  if (note) lines.push(`${pad}${note}`);
  return lines;
}

/** What a connection did, segment by segment, regardless of numbers and times. */
function connectionKind(connection: Connection): string {
  return connection.packets
    .map((packet) => {
      const toServer = packet.src.address === connection.client.address && packet.src.port === connection.client.port;
      return `${toServer ? '>' : '<'}${flagName(packet)}${packet.length > 0 ? '+' : ''}`;
    })
    .join(' ');
}

/**
 * The sequence diagram of every connection in a capture, as lines of text. Connections that
 * did exactly the same as earlier ones are folded: the first few in full, then "×N more like #k".
 */
export function renderSequenceDiagram(packets: readonly Packet[], options: DiagramOptions = {}): string[] {
  const connections = splitConnections(packets, options.serverPorts ?? []);
  const folded = foldAlike(connections, connectionKind);
  let budget = options.maxPackets ?? Number.POSITIVE_INFINITY;
  const lines: string[] = [];
  let hidden = 0;
  let hiddenConnections = 0;
  connections.forEach((connection, index) => {
    const alike = folded.summary.get(connection);
    if (alike)
      lines.push('', `${' '.repeat(TIME_WIDTH + 2)}${alikeText(alike.count, connections.indexOf(alike.like) + 1)}`);
    if (folded.hidden.has(connection)) return;
    if (budget <= 0) {
      hidden += connection.packets.length;
      hiddenConnections += 1;
      return;
    }
    const numbered = numberConnection(connection).slice(0, budget);
    hidden += connection.packets.length - numbered.length;
    budget -= numbered.length;
    const title = connections.length > 1 ? `   #${index + 1}` : '';
    if (lines.length > 0) lines.push('');
    lines.push(...drawConnection(connection, numbered, title, options.gapMs ?? 200));
  });
  if (hidden > 0) {
    const more =
      hiddenConnections > 0 ? ` (${hiddenConnections} more connection${hiddenConnections === 1 ? '' : 's'})` : '';
    lines.push(`… ${hidden} more segment${hidden === 1 ? '' : 's'}${more}: every one is in --json (packets)`);
  }
  if (lines.length > 0) {
    const implied = connections.some((connection) => connection.packets.some((packet) => packet.seq === null));
    lines.push('', ...legend().slice(0, implied ? 2 : 1));
  }
  return lines;
}
