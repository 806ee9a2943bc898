// Parsing what `ss -tn[o][p]` prints. Each line is: [State] Recv-Q Send-Q Local Peer
// followed by optional `users:((…))` and `timer:(…)` fields. `ss` leaves the State column
// out when the command selects a single state, so the caller passes it in.

import {
  type Endpoint,
  isTcpState,
  type SocketProcess,
  type SocketRow,
  type SocketTimer,
  type TcpState,
} from './socket.ts';

/** `127.0.0.1:8818`, `[::1]:8818`, `[::ffff:127.0.0.1]:80`, `*:9000`, `0.0.0.0:*`, `[::]:*`. */
export function parseEndpoint(text: string): Endpoint {
  const cut = text.lastIndexOf(':');
  if (cut <= 0) throw new Error(`not an address:port: ${text}`);
  let address = text.slice(0, cut);
  const portText = text.slice(cut + 1);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  // A socket bound to one interface prints `addr%dev`; the device is not part of the address.
  const percent = address.indexOf('%');
  if (percent > 0) address = address.slice(0, percent);
  const port = portText === '*' ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`bad port in ${text}`);
  }
  return { address, port };
}

/**
 * `ss` prints timer values as `404ms`, `59sec`, `1min29sec`, `119min` and, oddly, `9.536ms`
 * for 9.536 seconds (seconds, a dot, then the milliseconds, then "ms").
 */
export function parseSsDuration(text: string): number {
  // The instant a timer fires, ss prints no time at all: `timer:(timewait,,0)`.
  if (text === '') return 0;
  const match = /^(?:(\d+)min)?(?:(\d+)(?:\.(\d+))?(sec|ms))?$/.exec(text);
  if (!match) throw new Error(`not an ss duration: ${text}`);
  const [, minutes, whole, fraction, unit] = match;
  let ms = Number(minutes ?? 0) * 60_000;
  if (whole !== undefined) {
    if (unit === 'sec') ms += Number(whole) * 1000;
    else if (fraction !== undefined) ms += Number(whole) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
    else ms += Number(whole);
  }
  return ms;
}

/** `timer:(keepalive,1min29sec,0)` → {name, expiresMs, retrans}. */
export function parseSsTimer(field: string): SocketTimer {
  const match = /^timer:\(([^,]+),([^,]*),(\d+)\)$/.exec(field);
  if (!match) throw new Error(`not an ss timer: ${field}`);
  const [, name, when, retrans] = match;
  return { name: name as string, expiresMs: parseSsDuration(when as string), retrans: Number(retrans) };
}

/** `users:(("node",pid=12,fd=20),("node",pid=13,fd=4))` → one entry per process. */
export function parseSsUsers(field: string): SocketProcess[] {
  const processes: SocketProcess[] = [];
  for (const match of field.matchAll(/\("((?:[^"\\]|\\.)*)",pid=(\d+),fd=(\d+)\)/g)) {
    processes.push({ name: match[1] as string, pid: Number(match[2]), fd: Number(match[3]) });
  }
  return processes;
}

/** Split a line into fields, keeping `users:((…))` whole even when a name holds spaces. */
function splitFields(line: string): string[] {
  // Only a quoted process name can hold a space; most lines take the fast path.
  if (!line.includes('"')) return line.split(/\s+/).filter(Boolean);
  const fields: string[] = [];
  let current = '';
  let depth = 0;
  let inQuotes = false;
  for (const char of line) {
    if (char === '"') inQuotes = !inQuotes;
    if (!inQuotes && char === '(') depth++;
    if (!inQuotes && char === ')') depth--;
    if (!inQuotes && depth === 0 && (char === ' ' || char === '\t')) {
      if (current) fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current) fields.push(current);
  return fields;
}

/**
 * One line of `ss -tn` output. `impliedState` is the state the command selected when `ss`
 * dropped the State column (`ss -tn state close-wait …`). Returns null for the header line.
 */
export function parseSsLine(line: string, impliedState?: TcpState): SocketRow | null {
  const fields = splitFields(line.trim());
  if (fields.length === 0 || fields[0] === 'State' || fields[0] === 'Recv-Q' || fields[0] === 'Netid') {
    return null;
  }
  // A Netid column (`tcp`) appears when several socket kinds are listed; skip it.
  if (fields[0] === 'tcp') fields.shift();
  let state: TcpState;
  if (isTcpState(fields[0] as string)) {
    state = fields.shift() as TcpState;
  } else if (impliedState) {
    state = impliedState;
  } else {
    throw new Error(`no state in ss line: ${line.trim()}`);
  }
  if (fields.length < 4) throw new Error(`too few fields in ss line: ${line.trim()}`);
  const [recvQ, sendQ, local, peer, ...extras] = fields as [string, string, string, string, ...string[]];
  const row: SocketRow = {
    state,
    recvQ: Number(recvQ),
    sendQ: Number(sendQ),
    local: parseEndpoint(local),
    peer: parseEndpoint(peer),
  };
  if (!Number.isInteger(row.recvQ) || !Number.isInteger(row.sendQ)) {
    throw new Error(`bad queue sizes in ss line: ${line.trim()}`);
  }
  for (const extra of extras) {
    if (extra.startsWith('timer:')) row.timer = parseSsTimer(extra);
    else if (extra.startsWith('users:')) row.processes = parseSsUsers(extra);
  }
  return row;
}

/** `ss -i` prints a second, indented line of `key:value` words; keep them as strings. */
export function parseSsInfo(line: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const word of line.trim().split(/\s+/)) {
    const colon = word.indexOf(':');
    if (colon > 0) info[word.slice(0, colon)] = word.slice(colon + 1);
    else if (word) info[word] = '';
  }
  return info;
}

/** Every socket line of one `ss` run (with `-i` detail lines folded into their socket). */
export function parseSsOutput(text: string, impliedState?: TcpState): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const last = rows.at(-1);
    if (/^\s/.test(line) && last) {
      last.info = { ...last.info, ...parseSsInfo(line) };
      continue;
    }
    const row = parseSsLine(line, impliedState);
    if (row) rows.push(row);
  }
  return rows;
}
