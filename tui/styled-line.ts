// A line of terminal text as styled runs. Panes build these as plain data (so layout can
// count rows and columns exactly, and tests can read them) and <Lines> draws them.

import type { Tone } from './theme.tsx';

export interface Segment {
  text: string;
  tone?: Tone;
}

export type StyledLine = Segment[];

export function plain(text: string, tone?: Tone): StyledLine {
  return [{ text, tone }];
}

export function lineText(line: StyledLine): string {
  return line.map((segment) => segment.text).join('');
}

/** Terminal cells a character takes: East Asian wide characters and most emoji take two. */
function charCells(code: number): number {
  if (code < 0x1100) return 1;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function cellWidth(text: string): number {
  let cells = 0;
  for (const char of text) cells += charCells(char.codePointAt(0) as number);
  return cells;
}

/** The longest prefix of `text` that fits in `cells`. */
export function sliceCells(text: string, cells: number): string {
  let used = 0;
  let out = '';
  for (const char of text) {
    const width = charCells(char.codePointAt(0) as number);
    if (used + width > cells) break;
    used += width;
    out += char;
  }
  return out;
}

export function lineWidth(line: StyledLine): number {
  return line.reduce((sum, segment) => sum + cellWidth(segment.text), 0);
}

/** Cut a line to `width` cells, ending in … when something was cut. */
export function fitLine(line: StyledLine, width: number): StyledLine {
  if (width <= 0) return [];
  if (lineWidth(line) <= width) return line;
  const out: StyledLine = [];
  let left = width - 1;
  for (const segment of line) {
    const cells = cellWidth(segment.text);
    if (cells <= left) {
      out.push(segment);
      left -= cells;
      continue;
    }
    out.push({ text: `${sliceCells(segment.text, left)}…`, tone: segment.tone });
    return out;
  }
  return out;
}

export function padCells(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fitted = cellWidth(text) > width ? `${sliceCells(text, Math.max(0, width - 1))}…` : text;
  const gap = ' '.repeat(Math.max(0, width - cellWidth(fitted)));
  return align === 'left' ? fitted + gap : gap + fitted;
}

/**
 * Word-wrap styled text to `width` cells. `first` prefixes the first line and `rest` the
 * others (a bullet, then its hanging indent). Words longer than a line are broken.
 */
export function wrapSegments(
  segments: readonly Segment[],
  width: number,
  first: StyledLine = [],
  rest: StyledLine = first,
): StyledLine[] {
  const words: Segment[][] = [];
  let current: Segment[] = [];
  for (const segment of segments) {
    for (const part of segment.text.split(/( +)/)) {
      if (part === '') continue;
      if (/^ +$/.test(part)) {
        if (current.length > 0) words.push(current);
        current = [];
        continue;
      }
      current.push({ text: part, tone: segment.tone });
    }
  }
  if (current.length > 0) words.push(current);

  const lines: StyledLine[] = [];
  let line: StyledLine = [...first];
  let used = lineWidth(first);
  let empty = true;
  const room = () => width - used;
  const newLine = () => {
    lines.push(line);
    line = [...rest];
    used = lineWidth(rest);
    empty = true;
  };
  for (const word of words) {
    const wordCells = word.reduce((sum, s) => sum + cellWidth(s.text), 0);
    const needed = wordCells + (empty ? 0 : 1);
    if (needed > room() && !empty) newLine();
    if (!empty) {
      line.push({ text: ' ' });
      used += 1;
    }
    if (wordCells <= room()) {
      line.push(...word);
      used += wordCells;
      empty = false;
      continue;
    }
    // A word wider than a whole line: break it across lines.
    for (const piece of word) {
      let text = piece.text;
      while (text.length > 0) {
        if (room() <= 0) newLine();
        const chunk = sliceCells(text, Math.max(1, room()));
        line.push({ text: chunk, tone: piece.tone });
        used += cellWidth(chunk);
        empty = false;
        text = text.slice(chunk.length);
      }
    }
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}
