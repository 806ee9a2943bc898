// Turning a series of socket snapshots into a timeline: which connection moved from which
// state to which, when, and whose side it was (server, client or listener).

import { formatEndpoint, type SocketRow, type TcpState } from './socket.ts';

/** server: the side whose local port is the lab's port; client: the side dialing it. */
export type Role = 'listener' | 'server' | 'client' | 'other' | (string & {});

export type Classify = (row: SocketRow) => Role;

/** The default classification: by the lab's well-known ports. */
export function classifyByPort(ports: readonly number[]): Classify {
  return (row) => {
    if (row.state === 'LISTEN') return 'listener';
    if (ports.includes(row.local.port)) return 'server';
    if (ports.includes(row.peer.port)) return 'client';
    return 'other';
  };
}

/** Both sides of one connection share this id: the two endpoints, in a fixed order. */
export function connectionId(row: SocketRow): string {
  const a = formatEndpoint(row.local);
  const b = formatEndpoint(row.peer);
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/** One side of a connection is identified by its own local → peer pair. */
export function sideKey(row: SocketRow): string {
  return `${formatEndpoint(row.local)}>${formatEndpoint(row.peer)}`;
}

export interface ObservedSocket extends SocketRow {
  role: Role;
  conn: string;
}

export interface Snapshot {
  tMs: number;
  sockets: ObservedSocket[];
}

export interface Transition {
  tMs: number;
  conn: string;
  role: Role;
  local: string;
  peer: string;
  /** null the first time a side is seen. */
  from: TcpState | null;
  /** CLOSED once the side is gone from the table. */
  to: TcpState | 'CLOSED';
}

export function observe(rows: readonly SocketRow[], classify: Classify): ObservedSocket[] {
  return rows.map((row) => ({ ...row, role: classify(row), conn: connectionId(row) }));
}

/** What changed between two snapshots, in a stable order (by role, then address). */
export function diffSnapshots(previous: Snapshot | null, next: Snapshot): Transition[] {
  const before = new Map<string, ObservedSocket>();
  for (const socket of previous?.sockets ?? []) before.set(sideKey(socket), socket);
  const transitions: Transition[] = [];
  const seen = new Set<string>();
  for (const socket of next.sockets) {
    const key = sideKey(socket);
    seen.add(key);
    const old = before.get(key);
    if (old && old.state === socket.state) continue;
    transitions.push(transitionOf(next.tMs, socket, old ? old.state : null, socket.state));
  }
  for (const [key, old] of before) {
    if (!seen.has(key)) transitions.push(transitionOf(next.tMs, old, old.state, 'CLOSED'));
  }
  return transitions;
}

function transitionOf(tMs: number, socket: ObservedSocket, from: TcpState | null, to: TcpState | 'CLOSED'): Transition {
  return {
    tMs,
    conn: socket.conn,
    role: socket.role,
    local: formatEndpoint(socket.local),
    peer: formatEndpoint(socket.peer),
    from,
    to,
  };
}
