// Reading a sysctl.conf the way `sysctl -p` does: `key = value` lines, `#` or `;` comments,
// blank lines. A key may be written with dots (net.ipv4.tcp_syncookies) or slashes
// (net/ipv4/tcp_syncookies), and a leading `-` tells sysctl to ignore a failure.
// Nothing here touches the kernel: these are pure functions over text.

export type ConfLine =
  | { kind: 'blank'; line: number; text: string }
  | {
      kind: 'comment';
      line: number;
      text: string;
      body: string;
      /** `#net.ipv4.tcp_synack_retries=2`: a setting switched off, not prose. */
      disabled: boolean;
    }
  | {
      kind: 'setting';
      line: number;
      text: string;
      /** Dotted form, the way `sysctl` prints it. */
      key: string;
      value: string;
      /** `-key = value`: sysctl carries on when the kernel refuses this line. */
      ignoreErrors: boolean;
      /** The comment lines right above (no blank line between), joined; '' when none. */
      comment: string;
    }
  | { kind: 'invalid'; line: number; text: string; why: string };

export type Setting = Extract<ConfLine, { kind: 'setting' }>;
export type InvalidLine = Extract<ConfLine, { kind: 'invalid' }>;

const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.:@/-]*$/;
const DISABLED_SETTING = /^\s*-?[A-Za-z0-9_]+[./][A-Za-z0-9_.:@/-]*\s*=\s*\S/;

/** The dotted name of a key written either way. */
export function dottedKey(key: string): string {
  return key.includes('/') ? key.replace(/^\/+/, '').replaceAll('/', '.') : key;
}

/** Where the kernel exposes a key: /proc/sys with the dots (or slashes) as directories. */
export function sysctlPath(key: string): string {
  const parts = key.includes('/') ? key.replace(/^\/+/, '').split('/') : key.split('.');
  if (parts.some((part) => part === '' || part === '..' || part === '.')) throw new Error(`not a sysctl key: ${key}`);
  return `/proc/sys/${parts.join('/')}`;
}

/** Whitespace inside a value is not significant to the kernel: `4096  65535` is `4096 65535`. */
export function normalizeValue(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}

function parseAssignment(line: number, text: string, comment: string): Setting | InvalidLine {
  const trimmed = text.trim();
  const eq = trimmed.indexOf('=');
  if (eq < 0) return { kind: 'invalid', line, text, why: 'not a `key = value` line' };
  let key = trimmed.slice(0, eq).trim();
  const value = trimmed.slice(eq + 1).trim();
  const ignoreErrors = key.startsWith('-');
  if (ignoreErrors) key = key.slice(1).trim();
  if (key === '') return { kind: 'invalid', line, text, why: "no key before '='" };
  if (/\s/.test(key)) return { kind: 'invalid', line, text, why: `the key "${key}" has spaces in it` };
  if (!KEY.test(key) || key.split(/[./]/).some((part) => part === '..')) {
    return { kind: 'invalid', line, text, why: `"${key}" is not a sysctl key` };
  }
  if (value === '') return { kind: 'invalid', line, text, why: `no value after '=' for ${dottedKey(key)}` };
  return { kind: 'setting', line, text, key: dottedKey(key), value, ignoreErrors, comment };
}

export function parseSysctlConf(text: string): ConfLine[] {
  const lines: ConfLine[] = [];
  // Comment lines waiting for the setting below them; a blank line or anything else breaks the run.
  let pending: string[] = [];
  const rows = text.split(/\r?\n/);
  if (rows.at(-1) === '') rows.pop();
  rows.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') {
      lines.push({ kind: 'blank', line, text: raw });
      pending = [];
      return;
    }
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) {
      const body = trimmed.replace(/^[#;]+/, '').trim();
      const disabled = DISABLED_SETTING.test(body);
      lines.push({ kind: 'comment', line, text: raw, body, disabled });
      if (disabled) pending = [];
      else if (body !== '') pending.push(body);
      return;
    }
    lines.push(parseAssignment(line, raw, pending.join(' ')));
    pending = [];
  });
  return lines;
}

/** The lines an audit reports on: every setting and every line that is not one. */
export function auditableLines(lines: readonly ConfLine[]): Array<Setting | InvalidLine> {
  return lines.filter((line): line is Setting | InvalidLine => line.kind === 'setting' || line.kind === 'invalid');
}
