// A titled region of the screen with an exact height: a rule carrying the title (and an
// optional note on the right), then the content rows. A title rule costs one row where a
// box border costs two, and rows are what a 24-row terminal lacks.

import { cellWidth, type StyledLine } from '../styled-line.ts';
import { t } from '../words.ts';
import { Lines } from './lines.tsx';

export function titleRule(title: string, width: number, note = ''): StyledLine {
  const head = `─ ${title} `;
  const tail = note ? ` ${note} ─` : '';
  const fill = Math.max(1, width - cellWidth(head) - cellWidth(tail));
  return [
    { text: '─ ', tone: 'dim' },
    { text: title, tone: 'heading' },
    { text: ` ${'─'.repeat(fill)}`, tone: 'dim' },
    ...(note
      ? [
          { text: ` ${note}`, tone: 'dim' as const },
          { text: ' ─', tone: 'dim' as const },
        ]
      : []),
  ];
}

export function Pane({
  title,
  note,
  lines,
  width,
  height,
}: {
  title: string;
  note?: string;
  lines: readonly StyledLine[];
  width: number;
  height: number;
}) {
  if (height <= 0) return null;
  return <Lines lines={[titleRule(title, width, note), ...lines]} width={width} height={height} />;
}

/** Keep the first rows; the last row says how many more there are (`more` words it). */
export function cutBottom(
  lines: readonly StyledLine[],
  rows: number,
  more: (n: number) => string = (n) => t('pane.more', { n }),
): StyledLine[] {
  if (rows <= 0) return [];
  if (lines.length <= rows) return [...lines];
  // One row: the first line, marked as cut, says more than "+N more" alone.
  if (rows === 1) return [[...(lines[0] ?? []), { text: ` (+${lines.length - 1})`, tone: 'dim' }]];
  const kept = lines.slice(0, rows - 1);
  return [...kept, [{ text: more(lines.length - kept.length), tone: 'dim' }]];
}

/** Keep the last rows (the newest); the first row says how many earlier ones are hidden. */
export function cutTop(lines: readonly StyledLine[], rows: number, hiddenBefore = 0): StyledLine[] {
  if (rows <= 0) return [];
  if (lines.length <= rows && hiddenBefore === 0) return [...lines];
  const kept = lines.slice(Math.max(0, lines.length - (rows - 1)));
  const hidden = lines.length - kept.length + hiddenBefore;
  return [[{ text: t('pane.earlier', { n: hidden }), tone: 'dim' }], ...kept];
}

/**
 * Keep `rows` rows that show the lines from `focus.start` to `focus.end` (the step the room
 * waits on and its question): as many before it as fit, then after it; the first row says
 * how many earlier ones are hidden. Without a focus, the newest rows (cutTop).
 */
export function cutAround(
  lines: readonly StyledLine[],
  rows: number,
  focus: { start: number; end: number } | null,
): StyledLine[] {
  if (!focus || lines.length <= rows) return cutTop(lines, rows);
  const through = cutTop(lines.slice(0, focus.end + 1), rows);
  const after = lines.slice(focus.end + 1, focus.end + 1 + (rows - through.length));
  return [...through, ...after];
}
