// How many sockets were in one state over a run (CLOSE-WAIT piling up, TIME-WAIT filling the
// port range): one point each time the count changes. The report carries it as `series`;
// the TUI draws it as a sparkline.

import type { TcpState } from './socket.ts';
import type { ObservedSocket } from './timeline.ts';

export interface ChartSpec {
  state: TcpState;
  /** Only sockets of this role (server, client…). */
  role?: string;
  /** Only sockets on this local port (one server of two, say). */
  port?: number;
}

export interface Series extends ChartSpec {
  /** [ms since the run started, sockets in the state], at every change. */
  points: Array<[number, number]>;
}

export function countInState(sockets: readonly ObservedSocket[], spec: ChartSpec): number {
  return sockets.filter(
    (s) =>
      s.state === spec.state &&
      (spec.role === undefined || s.role === spec.role) &&
      (spec.port === undefined || s.local.port === spec.port),
  ).length;
}

/** Add a sample's count; a point only when it differs from the last one. */
export function addPoint(series: Series, tMs: number, count: number): Series {
  const last = series.points.at(-1);
  if (last && last[1] === count) return series;
  return { ...series, points: [...series.points, [Math.round(tMs), count]] };
}

const BARS = '▁▂▃▄▅▆▇█';

/** The series as a sparkline of `width` cells, the last value at the right; the peak is full height. */
export function sparkline(series: Series, width: number, untilMs: number): string {
  if (series.points.length === 0 || width <= 0) return '';
  const first = series.points[0]?.[0] ?? 0;
  const span = Math.max(1, untilMs - first);
  const peak = Math.max(1, ...series.points.map(([, n]) => n));
  let at = 0;
  let value = 0;
  const cells: string[] = [];
  for (let i = 0; i < width; i++) {
    const t = first + (span * (i + 1)) / width;
    while (at < series.points.length && (series.points[at]?.[0] ?? 0) <= t) value = series.points[at++]?.[1] ?? 0;
    cells.push(
      value === 0 ? ' ' : (BARS[Math.min(BARS.length - 1, Math.ceil((value / peak) * BARS.length) - 1)] as string),
    );
  }
  return cells.join('');
}
