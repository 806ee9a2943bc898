// The live socket table: one row per socket the sampler saw, coloured by what its state
// means, both sides of a connection next to each other, the listener first.

import { formatEndpoint } from '../../checker/socket.ts';
import type { ObservedSocket } from '../../checker/timeline.ts';
import { timeLeft } from '../format.ts';
import { cellWidth, padCells, type StyledLine } from '../styled-line.ts';
import { stateTone } from '../theme.tsx';
import { roleName, t } from '../words.ts';

const ROLE_RANK: Record<string, number> = { listener: 0, server: 1, client: 2 };

function order(a: ObservedSocket, b: ObservedSocket): number {
  const listenA = a.state === 'LISTEN' ? 0 : 1;
  const listenB = b.state === 'LISTEN' ? 0 : 1;
  if (listenA !== listenB) return listenA - listenB;
  if (a.conn !== b.conn) return a.conn < b.conn ? -1 : 1;
  return (ROLE_RANK[a.role] ?? 3) - (ROLE_RANK[b.role] ?? 3);
}

function timerText(socket: ObservedSocket): string {
  if (!socket.timer) return '';
  const { name, expiresMs, retrans } = socket.timer;
  return `${name} ${timeLeft(expiresMs)}${retrans > 0 ? ` (${retrans})` : ''}`;
}

/** The column headers; Recv-Q/Send-Q as ss spells them, in every language. */
function headers(): string[] {
  return [
    t('sockets.role'),
    t('sockets.local'),
    t('sockets.peer'),
    t('sockets.state'),
    'Recv-Q/Send-Q',
    t('sockets.timer'),
  ];
}

/**
 * Header plus the rows that fit in `rows` lines; when some do not fit the last line
 * says "+N more". Only the rows shown are formatted, so 500 sockets cost little more than 10.
 */
export function socketTableLines(
  sockets: readonly ObservedSocket[],
  width: number,
  rows: number,
  empty = t('sockets.none'),
): StyledLine[] {
  if (rows <= 0) return [];
  if (sockets.length === 0) return [[{ text: empty, tone: 'dim' }]];
  const sorted = [...sockets].sort(order);
  const room = rows - 1;
  const shown = sorted.length <= room ? sorted : sorted.slice(0, Math.max(0, room - 1));
  const cells = shown.map((socket) => [
    roleName(String(socket.role)),
    formatEndpoint(socket.local),
    formatEndpoint(socket.peer),
    socket.state,
    `${socket.recvQ}/${socket.sendQ}`,
    timerText(socket),
  ]);
  const titles = headers();
  const widths = titles.map((header, column) =>
    Math.max(cellWidth(header), ...cells.map((row) => cellWidth(row[column] as string))),
  );
  widths[0] = Math.min(widths[0] as number, 10);
  // Addresses give way first when the pane is narrow.
  const total = () => widths.reduce((sum, w) => sum + w, 0) + (widths.length - 1) * 2;
  while (total() > width && ((widths[1] as number) > 15 || (widths[2] as number) > 15)) {
    if ((widths[1] as number) >= (widths[2] as number)) widths[1] = (widths[1] as number) - 1;
    else widths[2] = (widths[2] as number) - 1;
  }
  const row = (values: readonly string[]) => values.map((value, i) => padCells(value, widths[i] as number));
  const lines: StyledLine[] = [[{ text: row(titles).join('  '), tone: 'dim' }]];
  cells.forEach((values, index) => {
    const socket = shown[index] as ObservedSocket;
    const [role, local, peer, state, queues, timer] = row(values);
    const queued = socket.recvQ > 0 || socket.sendQ > 0;
    lines.push([
      { text: `${role}  ${local}  ${peer}  ` },
      { text: state as string, tone: stateTone(socket.state) },
      { text: '  ' },
      { text: queues as string, tone: queued ? 'warn' : undefined },
      { text: `  ${timer}`, tone: 'dim' },
    ]);
  });
  if (shown.length < sorted.length)
    lines.push([{ text: t('pane.more', { n: sorted.length - shown.length }), tone: 'dim' }]);
  return lines;
}

/** How many rows the table would like: header, sockets, and room for "+N more". */
export function socketTableWant(count: number): number {
  return 1 + Math.max(1, count);
}
