// The kernel's own socket table, /proc/net/tcp and /proc/net/tcp6: the same sockets `ss`
// lists, read as a file instead of through a netlink query. The sampler reads it 20 times a
// second because reading a file costs microseconds, while starting `ss` costs milliseconds.
// It carries no process names and no listener backlog; expectations use `ss` for those.

import type { Endpoint, SocketRow, TcpState } from './socket.ts';

/** The kernel's state numbers (include/net/tcp_states.h) in `ss` spelling. */
const STATE_BY_NUMBER: Record<number, TcpState> = {
  1: 'ESTAB',
  2: 'SYN-SENT',
  3: 'SYN-RECV',
  4: 'FIN-WAIT-1',
  5: 'FIN-WAIT-2',
  6: 'TIME-WAIT',
  7: 'UNCONN',
  8: 'CLOSE-WAIT',
  9: 'LAST-ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'SYN-RECV',
};

/** The `tr` column: which timer is pending (net/ipv4/tcp_ipv4.c, get_tcp4_sock). */
const TIMER_BY_NUMBER: Record<number, string> = {
  1: 'on',
  2: 'keepalive',
  3: 'timewait',
  4: 'persist',
};

/** USER_HZ: /proc/net/tcp reports timer expiry in clock ticks of 1/100 s. */
const MS_PER_TICK = 10;

function decodeIpv4(hex: string): string {
  // Stored as one 32-bit word in host (little-endian) byte order.
  const bytes = [6, 4, 2, 0].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return bytes.join('.');
}

function decodeIpv6(hex: string): string {
  // Four 32-bit words, each in host byte order.
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const chunk = hex.slice(word * 8, word * 8 + 8);
    for (const at of [6, 4, 2, 0]) bytes.push(Number.parseInt(chunk.slice(at, at + 2), 16));
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  // ::ffff:a.b.c.d is written the way ss writes it.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  return compressIpv6(groups);
}

function compressIpv6(groups: number[]): string {
  // Replace the longest run of zero groups (length >= 2) with "::", as inet_ntop does.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

function decodeEndpoint(text: string, family: 4 | 6): Endpoint {
  const [hexAddress, hexPort] = text.split(':') as [string, string];
  const address = family === 4 ? decodeIpv4(hexAddress) : decodeIpv6(hexAddress);
  const port = Number.parseInt(hexPort, 16);
  return { address, port };
}

/** Parse /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6). */
export function parseProcNetTcp(text: string, family: 4 | 6): SocketRow[] {
  const rows: SocketRow[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const fields = (lines[i] as string).trim().split(/\s+/);
    if (fields.length < 10) continue;
    const state = STATE_BY_NUMBER[Number.parseInt(fields[3] as string, 16)];
    if (!state) continue;
    const [txQueue, rxQueue] = (fields[4] as string).split(':') as [string, string];
    const [timerCode, when] = (fields[5] as string).split(':') as [string, string];
    const row: SocketRow = {
      state,
      recvQ: Number.parseInt(rxQueue, 16),
      sendQ: Number.parseInt(txQueue, 16),
      local: decodeEndpoint(fields[1] as string, family),
      peer: decodeEndpoint(fields[2] as string, family),
    };
    const timerName = TIMER_BY_NUMBER[Number.parseInt(timerCode, 16)];
    if (timerName) {
      row.timer = {
        name: timerName,
        expiresMs: Math.max(0, Number.parseInt(when, 16) | 0) * MS_PER_TICK,
        retrans: Number.parseInt(fields[6] as string, 16),
      };
    }
    rows.push(row);
  }
  return rows;
}
