// The kernel's TCP counters: /proc/net/netstat (TcpExt…, IpExt…) and /proc/net/snmp
// (Tcp…, Ip…). Both files come in pairs of lines, names then values, under one prefix:
//   TcpExt: SyncookiesSent SyncookiesRecv …
//   TcpExt: 0 0 …
// We name each counter the way `nstat` does: prefix + field, e.g. TcpExtListenOverflows.

export type Counters = Record<string, number>;

export function parseCounterFile(text: string): Counters {
  const counters: Counters = {};
  const lines = text.split('\n').filter((line) => line.includes(':'));
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [prefix, names] = splitPrefix(lines[i] as string);
    const [valuePrefix, values] = splitPrefix(lines[i + 1] as string);
    if (prefix !== valuePrefix) continue;
    names.forEach((name, at) => {
      const value = Number(values[at]);
      if (Number.isFinite(value)) counters[`${prefix}${name}`] = value;
    });
  }
  return counters;
}

function splitPrefix(line: string): [string, string[]] {
  const colon = line.indexOf(':');
  return [
    line.slice(0, colon),
    line
      .slice(colon + 1)
      .trim()
      .split(/\s+/),
  ];
}

/** The counters that changed between two readings, as deltas (after − before). */
export function counterDeltas(before: Counters, after: Counters): Counters {
  const deltas: Counters = {};
  for (const [name, value] of Object.entries(after)) {
    // Gauges such as TcpCurrEstab and TcpMaxConn can go down; report them as they moved.
    const delta = value - (before[name] ?? 0);
    if (delta !== 0) deltas[name] = delta;
  }
  return deltas;
}

/** How a learner reads one counter by hand (nstat ships with iproute2, like ss). */
export function counterCommand(name: string): string[] {
  return ['nstat', '-asz', name];
}
