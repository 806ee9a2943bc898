// The run drawn like the seeds' diagrams: the client's column on the left, the server's
// on the right, an arrow for each segment a state change implies (FIN ─▶, ◀─ ACK), and
// every state change with its milliseconds since the run started. What the programs
// print sits under their own column; the choreography's notes sit in the middle.

import type { Transition } from '../../checker/timeline.ts';
import type { RunEvent } from '../../checker/verdict.ts';
import { withoutSource } from '../format.ts';
import { type Arrow, arrowsFor } from '../implied-segments.ts';
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

type Side = 'client' | 'server';

function sideOf(role: string): Side {
  return role === 'client' || role.includes('client') ? 'client' : 'server';
}

function drawArrow(arrow: Arrow, width: number): Segment {
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
  const state = transition.to === 'CLOSED' ? 'closed' : transition.to;
  return [
    { text: prefix, tone: 'dim' },
    { text: padCells(state, width - cellWidth(prefix)), tone: stateTone(transition.to) },
  ];
}

/**
 * A program's line under its own column (the client's from the left, the server's
 * flush right); a note from the choreography starts in the middle. Long lines wrap.
 */
function outputLines(event: RunEvent, width: number, cols: Columns): StyledLine[] {
  const { source, tMs } = event;
  const room = Math.max(10, width - cols.time - 1);
  const time = (first: boolean): Segment => ({
    text: `${padCells(first ? String(Math.round(tMs)) : '', cols.time, 'right')} `,
    tone: 'dim',
  });
  if (source === 'lab') {
    const indent = ' '.repeat(Math.min(cols.state + 1, Math.floor(room / 3)));
    const wrapped = wrapSegments([{ text: withoutSource(event.text, 'lab'), tone: 'em' }], room, [{ text: indent }]);
    return wrapped.map((line, index) => [time(index === 0), ...line]);
  }
  const text = `${source}: ${withoutSource(event.text, source)}`;
  const wrapped = wrapSegments([{ text, tone: 'dim' }], room);
  if (sideOf(source) === 'client') return wrapped.map((line, index) => [time(index === 0), ...line]);
  return wrapped.map((line, index) => [
    time(index === 0),
    { text: ' '.repeat(Math.max(0, room - lineWidth(line))) },
    ...line,
  ]);
}

/** Every line of the diagram, oldest first (the pane keeps the newest that fit). */
export function timelineLines(view: Pick<RunView, 'timeline'>, width: number): StyledLine[] {
  const entries = view.timeline;
  // Number connections only when there is more than one, in the order they appeared.
  const numbers = new Map<string, number>();
  for (const entry of entries) {
    if (entry.kind === 'change' && entry.transition.role !== 'listener' && !numbers.has(entry.transition.conn)) {
      numbers.set(entry.transition.conn, numbers.size + 1);
    }
  }
  const numbered = numbers.size > 1;
  const cols = columnsFor(width, numbered);
  const numberOf = (conn: string) => (numbered ? (numbers.get(conn) ?? null) : null);
  const lines: StyledLine[] = [
    [
      { text: `${padCells('ms', cols.time, 'right')} `, tone: 'dim' },
      { text: padCells('client', cols.state), tone: 'strong' },
      { text: ` ${' '.repeat(cols.middle)} `, tone: 'dim' },
      { text: padCells('server', cols.state), tone: 'strong' },
    ],
  ];

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as TimelineEntry;
    if (entry.kind === 'step') {
      const title = ` ${entry.index + 1}. ${entry.title} `;
      const rule = Math.max(2, width - cellWidth(title) - 2);
      lines.push([{ text: `──${title}${'─'.repeat(rule)}`, tone: 'dim' }]);
      continue;
    }
    if (entry.kind === 'output') {
      lines.push(...outputLines(entry.event, width, cols));
      continue;
    }
    // State changes seen in one sample share a time; draw them per connection.
    const sample: Transition[] = [entry.transition];
    while (i + 1 < entries.length) {
      const next = entries[i + 1] as TimelineEntry;
      if (next.kind !== 'change' || next.transition.tMs !== entry.transition.tMs) break;
      sample.push(next.transition);
      i++;
    }
    const conns = [...new Set(sample.map((t) => t.conn))];
    let first = true;
    for (const conn of conns) {
      const changes = sample.filter((t) => t.conn === conn);
      const client = changes.filter((t) => sideOf(String(t.role)) === 'client');
      const server = changes.filter((t) => sideOf(String(t.role)) === 'server');
      const arrows = arrowsFor(changes.map((transition) => ({ side: sideOf(String(transition.role)), transition })));
      const height = Math.max(client.length, server.length, arrows.length, 1);
      for (let row = 0; row < height; row++) {
        const time = first && row === 0 ? String(Math.round(entry.transition.tMs)) : '';
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
  }
  return lines;
}
