// A census of the sockets on one port, by state: what seed 004's
// `netstat -ant | awk '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}'` tries to do,
// but with the kernel filtering by port and states spelled as `ss` spells them.

import { type Endpoint, formatEndpoint, isTcpState, type SocketRow } from './socket.ts';

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

/**
 * Count states straight from `ss -tan` output: the first word of each line. A census of
 * 10,000 sockets needs no more than that; parsing every field costs ten times as much.
 */
export function countStatesInSsOutput(text: string): Census {
  const census: Census = {};
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const space = text.indexOf(' ', start);
    if (space > start && space < end) {
      const state = text.slice(start, space);
      if (!isTcpState(state)) throw new Error(`not a state at the start of an ss line: ${text.slice(start, end)}`);
      census[state] = (census[state] ?? 0) + 1;
    }
    start = end + 1;
  }
  return census;
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
