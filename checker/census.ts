// A census of the sockets on one port, by state: what seed 004's
// `netstat -ant | awk '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}'` tries to do,
// but with the kernel filtering by port and states spelled as `ss` spells them.

import { type Endpoint, formatEndpoint, type SocketRow } from './socket.ts';

export type Census = Record<string, number>;

export interface CensusSocket {
  state: string;
  local: string;
  peer: string;
  recvQ: number;
  sendQ: number;
  timer?: string;
  process?: string;
}

/** `ss` arguments listing every TCP socket with the port at either end. */
export function portFilterArgs(port: number, withProcesses = false): string[] {
  return ['ss', withProcesses ? '-Htanop' : '-Htano', `( sport = :${port} or dport = :${port} )`];
}

export function countByState(rows: readonly SocketRow[]): Census {
  const census: Census = {};
  for (const row of rows) census[row.state] = (census[row.state] ?? 0) + 1;
  return census;
}

/** Does a socket have the port at either end? (ss's filter, for rows read elsewhere.) */
export function touchesPort(port: number): (row: { local: Endpoint; peer: Endpoint }) => boolean {
  return (row) => row.local.port === port || row.peer.port === port;
}

export function censusSocket(row: SocketRow): CensusSocket {
  const socket: CensusSocket = {
    state: row.state,
    local: formatEndpoint(row.local),
    peer: formatEndpoint(row.peer),
    recvQ: row.recvQ,
    sendQ: row.sendQ,
  };
  if (row.timer) socket.timer = `${row.timer.name},${row.timer.expiresMs}ms,${row.timer.retrans}`;
  if (row.processes?.length) socket.process = row.processes.map((p) => `${p.name}/${p.pid}`).join(',');
  return socket;
}
