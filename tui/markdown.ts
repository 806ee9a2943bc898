// LESSON.md for the terminal: headings, paragraphs, lists, block quotes, code blocks,
// tables and rules, with `code`, **bold**, *emphasis* and [links](…) inside lines,
// wrapped to the pane's width. A deliberately small subset: lessons are our own files.

import { cellWidth, joinSoftBreak, padCells, type Segment, type StyledLine, wrapSegments } from './styled-line.ts';

/** Inline markup → styled runs. Unmatched markers are kept as text. */
export function parseInline(text: string): Segment[] {
  const out: Segment[] = [];
  const pattern =
    /(`+)([^`]+?)\1|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])|!?\[([^\]]*)\]\(([^)]*)\)/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > at) out.push({ text: text.slice(at, index) });
    if (match[2] !== undefined) out.push({ text: match[2], tone: 'code' });
    else if (match[3] !== undefined || match[4] !== undefined)
      out.push({ text: (match[3] ?? match[4]) as string, tone: 'strong' });
    else if (match[5] !== undefined || match[6] !== undefined)
      out.push({ text: (match[5] ?? match[6]) as string, tone: 'em' });
    else if (match[7] !== undefined) out.push({ text: match[7] || (match[8] ?? ''), tone: 'link' });
    at = index + match[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

const FENCE = /^\s*(```+|~~~+)/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const QUOTE = /^\s*>\s?(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const TABLE = /^\s*\|.*\|\s*$/;
const TABLE_DIVIDER = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function blankLine(lines: StyledLine[]): void {
  if (lines.length > 0 && lines[lines.length - 1]?.length !== 0) lines.push([]);
}

/**
 * A preformatted line keeps its shape: code and diagrams are never re-flowed, and a line
 * wider than the pane is cut (with …) where it is drawn rather than wrapped into a mess.
 */
function preformatted(text: string, tone: Segment['tone']): StyledLine {
  return [{ text: '  ' }, { text: text.replace(/\t/g, '  '), tone }];
}

function renderTable(rows: string[]): StyledLine[] {
  const cells = rows
    .filter((row) => !TABLE_DIVIDER.test(row))
    .map((row) =>
      row
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim().replace(/`|\*\*|__/g, '')),
    );
  const columns = Math.max(...cells.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...cells.map((row) => cellWidth(row[i] ?? ''))));
  return cells.map((row, index) => {
    const text = widths.map((w, i) => padCells(row[i] ?? '', w)).join('  ');
    return [{ text: `  ${text}`.trimEnd(), tone: index === 0 ? 'strong' : undefined }];
  });
}

export function renderMarkdown(source: string, width: number): StyledLine[] {
  const input = source.replace(/\r\n?/g, '\n').split('\n');
  const lines: StyledLine[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    lines.push(...wrapSegments(parseInline(paragraph.reduce(joinSoftBreak, '')), width));
    paragraph = [];
  };

  for (let i = 0; i < input.length; i++) {
    const raw = input[i] as string;
    const fence = FENCE.exec(raw);
    if (fence) {
      flush();
      blankLine(lines);
      const marker = fence[1] as string;
      for (i++; i < input.length && !(input[i] as string).trimStart().startsWith(marker); i++) {
        lines.push(preformatted(input[i] as string, 'code'));
      }
      blankLine(lines);
      continue;
    }
    if (raw.trim() === '') {
      flush();
      blankLine(lines);
      continue;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      flush();
      blankLine(lines);
      const level = (heading[1] as string).length;
      const tone = level === 1 ? 'title' : level === 2 ? 'heading' : 'strong';
      const text = (heading[2] as string).replace(/[`*_]/g, '');
      lines.push(...wrapSegments([{ text: level === 1 ? text.toUpperCase() : text, tone }], width));
      continue;
    }
    if (RULE.test(raw)) {
      flush();
      lines.push([{ text: '─'.repeat(Math.max(1, width)), tone: 'dim' }]);
      continue;
    }
    if (TABLE.test(raw)) {
      flush();
      const rows: string[] = [];
      for (; i < input.length && TABLE.test(input[i] as string); i++) rows.push(input[i] as string);
      i--;
      lines.push(...renderTable(rows));
      continue;
    }
    const item = ITEM.exec(raw);
    if (item) {
      flush();
      const depth = Math.floor(((item[1] as string).replace(/\t/g, '  ').length + 1) / 2);
      const marker = /\d/.test(item[2] as string) ? (item[2] as string) : depth % 2 === 0 ? '•' : '◦';
      let text = item[3] as string;
      // Continuation lines: indented text that is not a new item or block.
      while (i + 1 < input.length) {
        const next = input[i + 1] as string;
        if (next.trim() === '' || ITEM.test(next) || FENCE.test(next) || HEADING.test(next) || !/^\s+/.test(next)) {
          break;
        }
        text = joinSoftBreak(text, next.trim());
        i++;
      }
      const indent = '  '.repeat(depth);
      const first = [{ text: `${indent}${marker} ` }];
      const rest = [{ text: ' '.repeat(cellWidth(first[0]?.text ?? '')) }];
      lines.push(...wrapSegments(parseInline(text), width, first, rest));
      continue;
    }
    const quote = QUOTE.exec(raw);
    if (quote) {
      flush();
      let text = quote[1] as string;
      while (i + 1 < input.length && QUOTE.test(input[i + 1] as string)) {
        const more = (QUOTE.exec(input[i + 1] as string) as RegExpExecArray)[1] as string;
        text = more.trim() === '' ? `${text}\n` : joinSoftBreak(text, more);
        i++;
      }
      for (const part of text.split('\n')) {
        const segments = parseInline(part.trim()).map((s) => ({ ...s, tone: s.tone ?? ('em' as const) }));
        lines.push(...wrapSegments(segments, width, [{ text: '│ ', tone: 'dim' }]));
      }
      continue;
    }
    paragraph.push(raw.trim());
  }
  flush();
  while (lines.length > 0 && lines[lines.length - 1]?.length === 0) lines.pop();
  while (lines.length > 0 && lines[0]?.length === 0) lines.shift();
  return lines;
}
