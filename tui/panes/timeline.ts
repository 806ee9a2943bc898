// The run drawn like the seeds' diagrams: the client's column on the left, the server's
// on the right, an arrow for each segment a state change implies (FIN ─▶, ◀─ ACK), and
// every state change with its milliseconds since the run started. When the lab captures
// packets, the arrows are the captured segments instead, numbered as the textbook does
// (seq x, ack y+1). What the programs print sits under their own column; the
// choreography's notes sit in the middle.

import { foldAlike } from '../../checker/alike.ts';
import { type Arrow, SegmentLedger } from '../../checker/implied-segments.ts';
import {
  flagName,
  type NumberedPacket,
  numberConnection,
  type Packet,
  splitConnections,
} from '../../checker/packets.ts';
import { connectionOfEnds, type Transition } from '../../checker/timeline.ts';
import type { RunEvent } from '../../checker/verdict.ts';
import { withoutSource } from '../format.ts';
import type { RunView, TimelineEntry } from '../run-view.ts';
import {
  cellWidth,
  lineWidth,
  padCells,
  type Segment,
  type StyledLine,
  sliceCells,
  wrapSegments,
} from '../styled-line.ts';
import { stateTone } from '../theme.tsx';
import { t } from '../words.ts';

type Column = 'client' | 'server' | 'middle';

/**
 * Where a role is drawn, from the sides the lab declares: those who dial (clients,
 * attackers) on the left, servers on the right, observers in the middle with the lab's notes.
 */
function columnOf(sides: RunView['sides'], role: string): Column {
  const side = sides[role];
  if (side === 'client' || side === 'attacker') return 'client';
  if (side === 'observer') return 'middle';
  return 'server';
}

/** A socket's column: a socket is always one end of a connection, never in the middle. */
function endOf(sides: RunView['sides'], role: string): 'client' | 'server' {
  return columnOf(sides, role) === 'client' ? 'client' : 'server';
}

function drawArrow(arrow: { name: string; direction: Arrow['direction'] }, width: number): Segment {
  const label = ` ${arrow.name} `;
  const dashes = Math.max(2, width - cellWidth(label) - 1);
  const left = Math.floor(dashes / 2);
  const right = dashes - left;
  const text =
    arrow.direction === 'to-server'
      ? `${'─'.repeat(left)}${label}${'─'.repeat(right)}▶`
      : `◀${'─'.repeat(left)}${label}${'─'.repeat(right)}`;
  return { text: sliceCells(text, width), tone: arrow.direction === 'to-server' ? 'info' : 'wait' };
}

interface Columns {
  time: number;
  state: number;
  middle: number;
}

function columnsFor(width: number, numbered: boolean): Columns {
  const time = 6;
  const state = numbered ? 15 : 12;
  return { time, state, middle: Math.max(5, width - time - 2 * state - 4) };
}

function stateCell(transition: Transition | undefined, width: number, number: number | null): Segment[] {
  if (!transition) return [{ text: ' '.repeat(width) }];
  const prefix = number === null ? '' : `#${number} `;
  const state = transition.to === 'CLOSED' ? t('timeline.closed') : transition.to;
  return [
    { text: prefix, tone: 'dim' },
    { text: padCells(state, width - cellWidth(prefix)), tone: stateTone(transition.to) },
  ];
}

/**
 * A program's line under its own column (the client's from the left, the server's
 * flush right); a note from the choreography starts in the middle. Long lines wrap.
 */
function outputLines(event: RunEvent, width: number, cols: Columns, sides: RunView['sides']): StyledLine[] {
  const { source, tMs } = event;
  const room = Math.max(10, width - cols.time - 1);
  const time = (first: boolean): Segment => ({
    text: `${padCells(first ? String(Math.round(tMs)) : '', cols.time, 'right')} `,
    tone: 'dim',
  });
  const column = source === 'lab' ? 'middle' : columnOf(sides, source);
  if (column === 'middle') {
    const indent = ' '.repeat(Math.min(cols.state + 1, Math.floor(room / 3)));
    const segment: Segment =
      source === 'lab'
        ? { text: withoutSource(event.text, 'lab'), tone: 'em' }
        : { text: `${source}: ${withoutSource(event.text, source)}`, tone: 'dim' };
    const wrapped = wrapSegments([segment], room, [{ text: indent }]);
    return wrapped.map((line, index) => [time(index === 0), ...line]);
  }
  const text = `${source}: ${withoutSource(event.text, source)}`;
  const wrapped = wrapSegments([{ text, tone: 'dim' }], room);
  if (column === 'client') return wrapped.map((line, index) => [time(index === 0), ...line]);
  return wrapped.map((line, index) => [
    time(index === 0),
    { text: ' '.repeat(Math.max(0, room - lineWidth(line))) },
    ...line,
  ]);
}

interface Drawing {
  cols: Columns;
  numberOf: (conn: string) => number | null;
  /** The arrows of each block of state changes, by the block's first entry, by connection. */
  arrows: Map<number, Map<string, Arrow[]>>;
  /** Captured segments with their numbers relative to each side's ISN. */
  numbered: Map<Packet, NumberedPacket>;
  port: number | null;
  sides: RunView['sides'];
}

/** x, x+1, y+3…: a number relative to the client's (x) or the server's (y) ISN. */
function relative(base: 'x' | 'y', n: number | null): string | null {
  if (n === null) return null;
  return n === 0 ? base : `${base}+${n}`;
}

function packetLabel(packet: Packet, numbered: NumberedPacket | undefined): string {
  const parts = [flagName(packet)];
  if (numbered) {
    const own = numbered.fromClient ? 'x' : 'y';
    const peer = numbered.fromClient ? 'y' : 'x';
    const seq = relative(own, numbered.relSeq);
    const ack = packet.flags.includes('ACK') ? relative(peer, numbered.relAck) : null;
    if (seq) parts.push(`seq ${seq}`);
    if (ack) parts.push(`ack ${ack}`);
    if (numbered.retransmission) parts.push(t('timeline.again'));
  }
  if (packet.length > 0) parts.push(t('timeline.bytes', { n: packet.length }));
  return parts.join(' ');
}

/** One block: a step rule, a program's line, or the state changes seen in one sample. */
function drawBlock(entries: readonly DrawnEntry[], start: number, width: number, drawing: Drawing): StyledLine[] {
  const entry = entries[0] as DrawnEntry;
  if (entry.kind === 'alike') {
    return [[{ text: `${' '.repeat(drawing.cols.time + 1 + drawing.cols.state + 1)}${entry.text}`, tone: 'dim' }]];
  }
  const { cols, numberOf } = drawing;
  if (entry.kind === 'step') {
    const title = ` ${entry.index + 1}. ${entry.title} `;
    const rule = Math.max(2, width - cellWidth(title) - 2);
    return [[{ text: `──${title}${'─'.repeat(rule)}`, tone: 'dim' }]];
  }
  if (entry.kind === 'output') return outputLines(entry.event, width, cols, drawing.sides);
  if (entry.kind === 'packet') {
    const { packet } = entry;
    const numbered = drawing.numbered.get(packet);
    const toServer = numbered ? numbered.fromClient : packet.dst.port === drawing.port;
    return [
      [
        { text: `${padCells(String(Math.round(packet.tMs)), cols.time, 'right')} `, tone: 'dim' },
        { text: ' '.repeat(cols.state + 1) },
        drawArrow(
          { name: packetLabel(packet, numbered), direction: toServer ? 'to-server' : 'to-client' },
          cols.middle,
        ),
      ],
    ];
  }
  const sample = entries.map((e) => (e as Extract<DrawnEntry, { kind: 'change' }>).transition);
  const lines: StyledLine[] = [];
  let first = true;
  for (const conn of new Set(sample.map((t) => t.conn))) {
    const changes = sample.filter((t) => t.conn === conn);
    const client = changes.filter((t) => endOf(drawing.sides, String(t.role)) === 'client');
    const server = changes.filter((t) => endOf(drawing.sides, String(t.role)) === 'server');
    const arrows = drawing.arrows.get(start)?.get(conn) ?? [];
    const height = Math.max(client.length, server.length, arrows.length, 1);
    for (let row = 0; row < height; row++) {
      // ≈: a change only the 20 Hz poll saw, so its time is the sample's, not the segment's.
      const sampled = sample[0]?.source === 'poll' ? '≈' : '';
      const time = first && row === 0 ? `${sampled}${Math.round(sample[0]?.tMs ?? 0)}` : '';
      const arrow = arrows[row];
      lines.push([
        { text: `${padCells(time, cols.time, 'right')} `, tone: 'dim' },
        ...stateCell(client[row], cols.state, numberOf(conn)),
        { text: ' ' },
        arrow ? drawArrow(arrow, cols.middle) : { text: ' '.repeat(cols.middle) },
        { text: ' ' },
        ...stateCell(server[row], cols.state, numberOf(conn)),
      ]);
    }
    first = false;
  }
  return lines;
}

/** A drawn line in place of connections folded away: "×27 more like #3". */
type DrawnEntry = TimelineEntry | { kind: 'alike'; text: string };

function connOf(entry: TimelineEntry): string | null {
  if (entry.kind === 'change') return entry.transition.conn;
  if (entry.kind === 'packet') return connectionOfEnds(entry.packet.src, entry.packet.dst);
  return null;
}

/**
 * Connections whose changes are the same as earlier ones' (a flood, a burst of clients) are
 * drawn once: the first few in full, then one line where the next would have started.
 */
function foldAlikeConnections(
  entries: readonly TimelineEntry[],
  numbers: ReadonlyMap<string, number>,
  sides: RunView['sides'],
): DrawnEntry[] {
  const kinds = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.kind !== 'change' || !numbers.has(entry.transition.conn)) continue;
    const t = entry.transition;
    kinds.set(t.conn, [...(kinds.get(t.conn) ?? []), `${endOf(sides, String(t.role))}:${t.from}>${t.to}`]);
  }
  const folded = foldAlike([...numbers.keys()], (conn) => (kinds.get(conn) ?? []).join(' '));
  if (folded.hidden.size === 0) return [...entries];
  const drawn: DrawnEntry[] = [];
  const announced = new Set<string>();
  for (const entry of entries) {
    const conn = connOf(entry);
    const alike = conn ? folded.summary.get(conn) : undefined;
    if (conn && alike && !announced.has(conn)) {
      announced.add(conn);
      drawn.push({
        kind: 'alike',
        text: t('timeline.alike', { count: alike.count, like: numbers.get(alike.like) ?? 0 }),
      });
    }
    if (conn === null || !folded.hidden.has(conn)) drawn.push(entry);
  }
  return drawn;
}

/** Where each block starts: state changes of one sample (same time) form one block. */
function blockStarts(entries: readonly DrawnEntry[]): number[] {
  const starts: number[] = [];
  entries.forEach((entry, i) => {
    const previous = entries[i - 1];
    const continues =
      entry.kind === 'change' && previous?.kind === 'change' && previous.transition.tMs === entry.transition.tMs;
    if (!continues) starts.push(i);
  });
  return starts;
}

/**
 * The timeline pane's rows: the column header, then the newest blocks that fit in `rows`
 * (all of them by default), after a "+N earlier" line when older entries are left out.
 * Only the blocks shown are drawn, so a long run costs no more per frame than a short one.
 */
export function timelineLines(
  view: Pick<RunView, 'timeline' | 'timelineDropped' | 'captured' | 'port' | 'sides'>,
  width: number,
  rows = Number.POSITIVE_INFINITY,
): StyledLine[] {
  // Number connections only when there is more than one, in the order they appeared.
  const numbers = new Map<string, number>();
  for (const entry of view.timeline) {
    if (entry.kind === 'change' && entry.transition.role !== 'listener' && !numbers.has(entry.transition.conn)) {
      numbers.set(entry.transition.conn, numbers.size + 1);
    }
  }
  const entries = foldAlikeConnections(view.timeline, numbers, view.sides);
  const numbered = numbers.size > 1;
  const cols = columnsFor(width, numbered);
  const starts = blockStarts(entries);
  // Arrows depend on what was drawn before (a FIN's two ends may be samples apart), so
  // they are worked out from the start, without drawing anything.
  const ledger = new SegmentLedger();
  const arrows = new Map<number, Map<string, Arrow[]>>();
  starts.forEach((start, b) => {
    // Captured segments are the arrows; inferring more would draw each one twice.
    if (view.captured || entries[start]?.kind !== 'change') return;
    const sample = entries
      .slice(start, starts[b + 1] ?? entries.length)
      .map((e) => (e as Extract<DrawnEntry, { kind: 'change' }>).transition);
    const byConn = new Map<string, Arrow[]>();
    for (const conn of new Set(sample.map((t) => t.conn))) {
      const changes = sample
        .filter((t) => t.conn === conn)
        .map((transition) => ({ side: endOf(view.sides, String(transition.role)), transition }));
      byConn.set(conn, ledger.arrows(conn, changes));
    }
    arrows.set(start, byConn);
  });
  const numberedPackets = new Map<Packet, NumberedPacket>();
  if (view.captured) {
    const packets = entries.flatMap((entry) => (entry.kind === 'packet' ? [entry.packet] : []));
    for (const connection of splitConnections(packets, view.port === null ? [] : [view.port])) {
      for (const numbered of numberConnection(connection)) numberedPackets.set(numbered.packet, numbered);
    }
  }
  const drawing: Drawing = {
    cols,
    arrows,
    numbered: numberedPackets,
    port: view.port,
    sides: view.sides,
    numberOf: (conn) => (numbered ? (numbers.get(conn) ?? null) : null),
  };
  const header: StyledLine = [
    { text: `${padCells(t('timeline.ms'), cols.time, 'right')} `, tone: 'dim' },
    { text: padCells(t('timeline.client'), cols.state), tone: 'strong' },
    { text: ` ${' '.repeat(cols.middle)} `, tone: 'dim' },
    { text: padCells(t('timeline.server'), cols.state), tone: 'strong' },
  ];
  if (rows <= 0) return [];
  const body: StyledLine[] = [];
  let next = starts.length - 1;
  for (; next >= 0; next--) {
    const start = starts[next] as number;
    const end = starts[next + 1] ?? entries.length;
    const block = drawBlock(entries.slice(start, end), start, width, drawing);
    // Room for the header, and for the "+N earlier" line if older blocks stay out.
    const room = rows - (rows > 3 ? 1 : 0) - (next > 0 || view.timelineDropped > 0 ? 1 : 0);
    if (body.length + block.length > room) {
      if (body.length === 0) body.push(...block.slice(block.length - Math.max(0, room)));
      break;
    }
    body.unshift(...block);
  }
  const hidden = (next >= 0 ? (starts[next + 1] ?? entries.length) : 0) + view.timelineDropped;
  const earlier: StyledLine[] = hidden > 0 ? [[{ text: t('pane.earlier', { n: hidden }), tone: 'dim' }]] : [];
  // With three rows or fewer the column header would leave no room for the events.
  return (rows > 3 ? [header, ...earlier, ...body] : [...earlier, ...body]).slice(0, rows);
}
