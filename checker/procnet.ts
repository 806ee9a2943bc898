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

/**
 * Decoded endpoints, by their hex text. A lab has a handful of distinct endpoints read 20
 * times a second; sharing one frozen object each also lets callers cache per endpoint.
 */
const decoded = new Map<string, Endpoint>();
const DECODED_LIMIT = 50_000;

function decodeEndpoint(text: string, family: 4 | 6): Endpoint {
  let endpoint = decoded.get(text);
  if (endpoint === undefined) {
    if (decoded.size >= DECODED_LIMIT) decoded.clear();
    endpoint = Object.freeze(decodeEndpointText(text, family));
    decoded.set(text, endpoint);
  }
  return endpoint;
}

function decodeEndpointText(text: string, family: 4 | 6): Endpoint {
  const [hexAddress, hexPort] = text.split(':') as [string, string];
  const address = family === 4 ? decodeIpv4(hexAddress) : decodeIpv6(hexAddress);
  const port = Number.parseInt(hexPort, 16);
  return { address, port };
}

/**
 * Parse /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6). The kernel prints the first
 * columns at fixed widths ("%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X"), so
 * each field is cut at its offset rather than split: this runs 20 times a second.
 */
export function parseProcNetTcp(text: string, family: 4 | 6): SocketRow[] {
  const rows: SocketRow[] = [];
  const addressWidth = family === 4 ? 8 : 32;
  const endpointWidth = addressWidth + 5; // address, ':', four hex digits of port
  let lineStart = text.indexOf('\n') + 1; // skip the header
  while (lineStart > 0 && lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const colon = text.indexOf(':', lineStart);
    if (colon > 0 && colon < lineEnd) {
      const local = colon + 2;
      const peer = local + endpointWidth + 1;
      const st = peer + endpointWidth + 1;
      const queues = st + 3; // tx_queue:rx_queue
      const timer = queues + 18; // tr:tm->when (when is %08lX: 16 digits once negative)
      const whenEnd = text.indexOf(' ', timer + 3);
      const retrans = whenEnd + 1;
      const state = STATE_BY_NUMBER[Number.parseInt(text.slice(st, st + 2), 16)];
      if (state && whenEnd > 0 && retrans + 8 <= lineEnd) {
        const row: SocketRow = {
          state,
          recvQ: Number.parseInt(text.slice(queues + 9, queues + 17), 16),
          sendQ: Number.parseInt(text.slice(queues, queues + 8), 16),
          local: decodeEndpoint(text.slice(local, local + endpointWidth), family),
          peer: decodeEndpoint(text.slice(peer, peer + endpointWidth), family),
        };
        const timerName = TIMER_BY_NUMBER[Number.parseInt(text.slice(timer, timer + 2), 16)];
        if (timerName) {
          // tm->when is a signed tick count printed as hex; a timer already due reads as 0.
          const whenText = text.slice(timer + 3, whenEnd);
          const when = whenText.length > 8 ? 0 : Number.parseInt(whenText, 16);
          row.timer = {
            name: timerName,
            expiresMs: Math.max(0, when) * MS_PER_TICK,
            retrans: Number.parseInt(text.slice(retrans, retrans + 8), 16),
          };
        }
        rows.push(row);
      }
    }
    lineStart = lineEnd + 1;
  }
  return rows;
}
