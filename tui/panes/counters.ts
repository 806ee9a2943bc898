// The kernel's TCP counters that moved during the run, with their deltas (the runner
// reads them when the run ends).

import type { Counters } from '../../checker/counters.ts';
import { cellWidth, type StyledLine } from '../styled-line.ts';
import { t } from '../words.ts';

export function movedCounters(counters: Counters): Array<[string, number]> {
  return Object.entries(counters)
    .filter(([name, delta]) => name.startsWith('Tcp') && delta !== 0)
    .sort(([a], [b]) => a.localeCompare(b));
}

export function countersLines(counters: Counters | null, width: number): StyledLine[] {
  if (counters === null) return [[{ text: t('counters.later'), tone: 'dim' }]];
  const moved = movedCounters(counters);
  if (moved.length === 0) return [[{ text: t('counters.none'), tone: 'dim' }]];
  // Packed by hand, not word-wrapped: a name stays with its delta, and the gaps stay wide.
  const lines: StyledLine[] = [];
  let line: StyledLine = [];
  let used = 0;
  for (const [name, delta] of moved) {
    const value = `${delta > 0 ? '+' : ''}${delta}`;
    const cells = cellWidth(name) + 1 + cellWidth(value);
    const gap = line.length === 0 ? 0 : 3;
    if (line.length > 0 && used + gap + cells > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    if (line.length > 0) line.push({ text: '   ' });
    line.push({ text: `${name} ` }, { text: value, tone: delta > 0 ? 'strong' : 'warn' });
    used += (line.length > 2 ? 3 : 0) + cells;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
