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
  return joinConnection(formatEndpoint(row.local), formatEndpoint(row.peer));
}

/** The connection a segment belongs to, in the same spelling as a socket's `conn`. */
export function connectionOfEnds(a: SocketRow['local'], b: SocketRow['local']): string {
  return joinConnection(formatEndpoint(a), formatEndpoint(b));
}

function joinConnection(a: string, b: string): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

export interface ObservedSocket extends SocketRow {
  role: Role;
  conn: string;
  /** This side: `local>peer`. */
  side: string;
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
  /** Where it came from: the capture's segments, or the 20 Hz poll of the socket table. */
  source?: 'wire' | 'poll';
}

/** Sampling runs 20 times a second: format each endpoint object once. */
const formatted = new WeakMap<SocketRow['local'], string>();
function endpointText(endpoint: SocketRow['local']): string {
  let text = formatted.get(endpoint);
  if (text === undefined) {
    text = formatEndpoint(endpoint);
    formatted.set(endpoint, text);
  }
  return text;
}

export function observe(rows: readonly SocketRow[], classify: Classify): ObservedSocket[] {
  return rows.map((row) => {
    const local = endpointText(row.local);
    const peer = endpointText(row.peer);
    return Object.assign({}, row, { role: classify(row), conn: joinConnection(local, peer), side: `${local}>${peer}` });
  });
}

/** What changed between two snapshots: state changes, new sides, and sides now gone. */
export function diffSnapshots(previous: Snapshot | null, next: Snapshot): Transition[] {
  const before = new Map<string, ObservedSocket>();
  for (const socket of previous?.sockets ?? []) before.set(socket.side, socket);
  const transitions: Transition[] = [];
  const seen = new Set<string>();
  for (const socket of next.sockets) {
    const key = socket.side;
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
    local: endpointText(socket.local),
    peer: endpointText(socket.peer),
    from,
    to,
  };
}
