// Many connections that did the same thing (a flood, a burst of clients, a pile of TIME-WAIT)
// are read once: the first few of each kind in full, the rest as "×27 more like #3", so a
// projector stays readable. The sequence diagram and the TUI's timeline both fold this way.

/** How many of each kind are drawn in full. */
export const SHOWN_ALIKE = 3;

export interface Folded<T> {
  /** Items left out, because `SHOWN_ALIKE` of their kind came before them. */
  hidden: Set<T>;
  /** The first hidden item of each kind → how many are hidden in all, and the last one shown. */
  summary: Map<T, { count: number; like: T }>;
}

export function foldAlike<T>(items: readonly T[], kindOf: (item: T) => string, keep = SHOWN_ALIKE): Folded<T> {
  const shown = new Map<string, T[]>();
  const firstHidden = new Map<string, T>();
  const hidden = new Set<T>();
  const summary = new Map<T, { count: number; like: T }>();
  for (const item of items) {
    const kind = kindOf(item);
    const seen = shown.get(kind) ?? [];
    if (seen.length < keep) {
      shown.set(kind, [...seen, item]);
      continue;
    }
    hidden.add(item);
    const first = firstHidden.get(kind) ?? item;
    firstHidden.set(kind, first);
    const entry = summary.get(first) ?? { count: 0, like: seen.at(-1) as T };
    summary.set(first, { ...entry, count: entry.count + 1 });
  }
  return { hidden, summary };
}

/** "×27 more like #3". */
export function alikeText(count: number, like: number): string {
  return `×${count} more like #${like}`;
}
