// A line of terminal text as styled runs. Panes build these as plain data (so layout can
// count rows and columns exactly, and tests can read them) and <Lines> draws them.

import stringWidth from 'string-width';
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

const ASCII = /^[\x20-\x7e]*$/;
const graphemes = new Intl.Segmenter();

/**
 * Terminal cells a text takes, as Ink measures it (string-width): CJK characters and most
 * emoji take two. Plain ASCII, most of what is drawn, is counted without the segmenter.
 */
export function cellWidth(text: string): number {
  return ASCII.test(text) ? text.length : stringWidth(text);
}

/** The longest prefix of `text` that fits in `cells`, never cutting a character in two. */
export function sliceCells(text: string, cells: number): string {
  if (ASCII.test(text)) return text.slice(0, Math.max(0, cells));
  let used = 0;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    const width = stringWidth(segment);
    if (used + width > cells) break;
    used += width;
    out += segment;
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

/** CJK punctuation a line may not start with, and the kind it may not end with. */
const NO_LINE_START = new Set([...'，。、；：！？）」』》】〉”’…,.;:!?)]}%']);
const NO_LINE_END = new Set([...'（「『《【〈“‘([{']);

function isWide(char: string): boolean {
  return !ASCII.test(char) && stringWidth(char) === 2;
}

/**
 * May a line break between these two characters (no space between them)? Between CJK
 * characters, yes — Chinese has no spaces — except before closing and after opening
 * punctuation, which stay with their neighbour.
 */
export function breaksBetween(before: string, after: string): boolean {
  if (!isWide(before) && !isWide(after)) return false;
  return !NO_LINE_START.has(after) && !NO_LINE_END.has(before);
}

/** A word to lay out: its styled parts, and whether a space separated it from the last one. */
interface Word {
  parts: Segment[];
  spaced: boolean;
}

/** Split styled text into words at spaces, and between CJK characters where a line may break. */
function wordsOf(segments: readonly Segment[]): Word[] {
  const words: Word[] = [];
  let parts: Segment[] = [];
  let spaced = false;
  let space = false;
  let last = '';
  const end = () => {
    if (parts.length > 0) words.push({ parts, spaced });
    parts = [];
  };
  for (const segment of segments) {
    for (const piece of segment.text.split(/( +)/)) {
      if (piece === '') continue;
      if (piece.startsWith(' ')) {
        end();
        space = true;
        last = '';
        continue;
      }
      // ASCII between ASCII never breaks: skip the per-character walk.
      const chars = ASCII.test(piece) && !isWide(last) ? [piece] : [...graphemes.segment(piece)].map((g) => g.segment);
      for (const text of chars) {
        if (last !== '' && parts.length > 0 && breaksBetween(last, text[0] as string)) end();
        if (parts.length === 0) {
          spaced = space;
          space = false;
        }
        const tail = parts.at(-1);
        if (tail && tail.tone === segment.tone) tail.text += text;
        else parts.push({ text, tone: segment.tone });
        last = [...text].at(-1) as string;
      }
    }
  }
  end();
  return words;
}

/**
 * Word-wrap styled text to `width` cells. `first` prefixes the first line and `rest` the
 * others (a bullet, then its hanging indent). Words longer than a line are broken, never
 * inside a character.
 */
export function wrapSegments(
  segments: readonly Segment[],
  width: number,
  first: StyledLine = [],
  rest: StyledLine = first,
): StyledLine[] {
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
  const put = (segment: Segment, cells: number) => {
    line.push(segment);
    used += cells;
    empty = false;
  };
  for (const word of wordsOf(segments)) {
    const wordCells = word.parts.reduce((sum, s) => sum + cellWidth(s.text), 0);
    const gap = word.spaced && !empty ? 1 : 0;
    if (wordCells + gap > room() && !empty) newLine();
    else if (gap) put({ text: ' ' }, 1);
    if (wordCells <= room()) {
      for (const part of word.parts) put(part, cellWidth(part.text));
      continue;
    }
    // A word wider than a whole line: break it across lines.
    for (const piece of word.parts) {
      let text = piece.text;
      while (text.length > 0) {
        if (room() <= 0) newLine();
        let chunk = sliceCells(text, room());
        if (chunk === '') {
          // A wide character in the last cell: it goes on the next line.
          if (!empty) {
            newLine();
            continue;
          }
          chunk = [...graphemes.segment(text)][0]?.segment ?? text;
        }
        put({ text: chunk, tone: piece.tone }, cellWidth(chunk));
        text = text.slice(chunk.length);
      }
    }
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Two source lines of one paragraph, joined: by a space, except between CJK characters (or
 * after CJK punctuation), where a line break in the source is no space at all.
 */
export function joinSoftBreak(before: string, after: string): string {
  if (before === '') return after;
  const last = [...before].at(-1) as string;
  const next = [...after][0] ?? '';
  const glued = isWide(last) && (isWide(next) || NO_LINE_START.has(last));
  return glued ? `${before}${after}` : `${before} ${after}`;
}
