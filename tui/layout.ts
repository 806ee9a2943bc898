// Sharing a column's rows between panes. The screen must never be taller than the
// terminal (Ink then clears and redraws everything each frame, and the projector
// flickers), so each pane gets an exact height: first its minimum, then what it wants in
// priority order; what is left goes to the flexible pane (the lesson, which scrolls).

export interface PaneRequest {
  key: string;
  /** Rows it could use (title included). */
  want: number;
  /** Rows below which it is not worth drawing (title included). */
  min: number;
}

export function allocateRows(total: number, panes: readonly PaneRequest[], flexKey?: string): Record<string, number> {
  const rows: Record<string, number> = {};
  let left = Math.max(0, total);
  // Minimums in priority order; a pane that does not fit at its minimum is dropped.
  for (const pane of panes) {
    const min = Math.min(pane.min, pane.want);
    if (min <= left) {
      rows[pane.key] = min;
      left -= min;
    } else {
      rows[pane.key] = 0;
    }
  }
  for (const pane of panes) {
    if (rows[pane.key] === 0 && pane.min > 0) continue;
    const more = Math.min(left, Math.max(0, pane.want - (rows[pane.key] ?? 0)));
    rows[pane.key] = (rows[pane.key] ?? 0) + more;
    left -= more;
  }
  if (flexKey !== undefined && left > 0 && (rows[flexKey] ?? 0) > 0) rows[flexKey] = (rows[flexKey] ?? 0) + left;
  return rows;
}

/** The smallest terminal the layout is designed for. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
/** From this width on the lab screen has two columns under the socket table. */
export const TWO_COLUMNS_FROM = 100;
