// The lab screen's geometry: how wide each column is and how many rows each pane gets.
// Two header rows and a footer row; the socket table across the top (up to 40% of the
// rest); under it two columns from 100 columns on (steps and lesson | timeline, verdict,
// counters), else one column that favours the run once it has started.

import { allocateRows, type PaneRequest, TWO_COLUMNS_FROM } from './layout.ts';
import { socketTableWant } from './panes/socket-table.ts';
import type { StyledLine } from './styled-line.ts';

export interface LabLayoutInput {
  width: number;
  height: number;
  /** A run has started (or ended): the run's panes come first. */
  started: boolean;
  sockets: number;
  /** Each pane's lines at a given width (the layout decides the widths). */
  steps: (width: number) => StyledLine[];
  verdict: (width: number) => StyledLine[];
  counters: (width: number) => StyledLine[];
  /** Timeline entries (each is a line or more); the timeline is drawn to fit afterwards. */
  timelineEntries: number;
  /** Projector mode: no lesson, the socket table and the timeline across the whole width. */
  projector?: boolean;
  /** A step asks the room a question: the steps pane needs the rows to show it. */
  asking?: boolean;
}

export interface LabLayout {
  twoColumns: boolean;
  leftWidth: number;
  rightWidth: number;
  socketsRows: number;
  columnRows: number;
  /** Rows per pane, its title included: steps, lesson, timeline, verdict, counters. */
  rows: Record<string, number>;
  steps: StyledLine[];
  verdict: StyledLine[];
  counters: StyledLine[];
}

/** Projector mode: one column; the sockets and the timeline get the room, the rest a few rows. */
function projectorLayout(input: LabLayoutInput): LabLayout {
  const { width, height } = input;
  const body = Math.max(0, height - 3);
  const socketsRows = Math.min(Math.max(3, Math.floor(body * 0.45)), 1 + socketTableWant(input.sockets));
  const columnRows = body - socketsRows;
  const steps = input.steps(width);
  const verdict = input.verdict(width);
  const rows = allocateRows(
    columnRows,
    [
      { key: 'steps', want: Math.min(steps.length + 1, 3), min: 2 },
      { key: 'verdict', want: Math.min(verdict.length + 1, 4), min: 2 },
      { key: 'timeline', want: input.timelineEntries + 2, min: 4 },
    ],
    'timeline',
  );
  return {
    twoColumns: false,
    leftWidth: width,
    rightWidth: width,
    socketsRows,
    columnRows,
    rows,
    steps,
    verdict,
    counters: [],
  };
}

export function labLayout(input: LabLayoutInput): LabLayout {
  if (input.projector) return projectorLayout(input);
  const { width, height } = input;
  const twoColumns = width >= TWO_COLUMNS_FROM;
  const leftWidth = twoColumns ? Math.floor(width * 0.4) : width;
  const rightWidth = twoColumns ? width - leftWidth - 1 : width;
  const body = Math.max(0, height - 3);
  const socketsRows = Math.min(Math.max(3, Math.floor(body * 0.4)), 1 + socketTableWant(input.sockets));
  const columnRows = body - socketsRows;
  const steps = input.steps(leftWidth);
  const verdict = input.verdict(rightWidth);
  const counters = input.counters(rightWidth);
  const timelineWant = input.timelineEntries + 2;

  let rows: Record<string, number>;
  if (twoColumns) {
    const left = allocateRows(
      columnRows,
      [
        { key: 'steps', want: steps.length + 1, min: 2 },
        { key: 'lesson', want: 4, min: 3 },
      ],
      'lesson',
    );
    const right = allocateRows(
      columnRows,
      [
        // A lab with many expectations must not crowd out the timeline: the verdict may
        // take a little over half the column, and says how many lines it had to leave out.
        { key: 'verdict', want: Math.min(verdict.length + 1, Math.ceil(columnRows * 0.6)), min: 3 },
        { key: 'counters', want: counters.length + 1, min: 2 },
        { key: 'timeline', want: timelineWant, min: 3 },
      ],
      'timeline',
    );
    rows = { ...left, ...right };
  } else {
    const panes: PaneRequest[] = input.started
      ? [
          // What the run shows first; the lesson (read before running, and scrollable)
          // gets what is left, if anything.
          { key: 'steps', want: Math.min(steps.length + 1, input.asking ? 9 : 4), min: 2 },
          { key: 'verdict', want: verdict.length + 1, min: 3 },
          { key: 'timeline', want: Math.min(timelineWant, 8), min: 4 },
          { key: 'counters', want: counters.length + 1, min: 2 },
          { key: 'lesson', want: 4, min: 0 },
        ]
      : [
          { key: 'lesson', want: 8, min: 3 },
          { key: 'steps', want: steps.length + 1, min: 2 },
          { key: 'verdict', want: verdict.length + 1, min: 2 },
          { key: 'timeline', want: 2, min: 0 },
          { key: 'counters', want: 2, min: 0 },
        ];
    rows = allocateRows(columnRows, panes, 'lesson');
  }
  return { twoColumns, leftWidth, rightWidth, socketsRows, columnRows, rows, steps, verdict, counters };
}
