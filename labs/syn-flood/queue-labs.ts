// What the two queue labs, syn-flood and accept-queue, share: two listeners (the lab's port
// and port + 1) whose clients are told apart by their source address, nft rules that drop a
// segment on arrival, and the connect() time the clients print.

import type { Expectation } from '../../checker/expect.ts';
import { type Classify, classifyByPort, type Role } from '../../checker/timeline.ts';
import type { Bound, Bounds } from '../kit/bound.ts';

/** Sockets of both listeners by port, and a client's role by its own address. */
export function classifyClients(roleOf: (address: string) => Role): (port: number) => Classify {
  return (port) => {
    const byPort = classifyByPort([port, port + 1]);
    return (row) => {
      const role = byPort(row);
      return role === 'client' ? roleOf(row.local.address) : role;
    };
  };
}

/**
 * An nft chain that drops what `match` selects as it arrives (the input hook). On arrival,
 * not on departure: a segment dropped in the output hook fails the sender's send (a failed
 * SYN/ACK retransmission deletes the request at once); one lost on the way does not.
 */
export function dropOnArrival(match: string): string {
  return `chain input {\n  type filter hook input priority 0;\n  ${match} drop\n}`;
}

/** The milliseconds a client printed for its connect() ("connected in N ms"), or null. */
export function connectMs(lines: readonly string[]): number | null {
  for (const line of lines) {
    const match = /connected in (\d+) ms/.exec(line);
    if (match) return Number(match[1]);
  }
  return null;
}

/** How long a role's connect() took, as it printed it (so give each timed client its role). */
export function connectTime(
  the: Bound,
  id: string,
  role: string,
  label: string,
  bounds: Bounds,
  text: string,
): Expectation {
  let lines: readonly string[] = [];
  const judged = the.duration(id, label, () => connectMs(lines), bounds, { text });
  return {
    ...judged,
    attempt: (env) => {
      lines = env.output(role);
      return judged.attempt(env);
    },
  };
}
