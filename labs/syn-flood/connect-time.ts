// The clients in the queue labs print "connected in N ms"; the labs judge that number.

import type { LabProcess } from '../kit/process.ts';

/** The milliseconds a client printed for its connect(), or null before it connected. */
export function connectMs(client: LabProcess): number | null {
  for (const line of client.stdout) {
    const match = /connected in (\d+) ms/.exec(line);
    if (match) return Number(match[1]);
  }
  return null;
}
