// What `sysctl -p FILE` does, one line at a time: write each `key = value` into
// /proc/sys/<key, dots as slashes> and report what the kernel said. The lab (and
// `tcplabs audit`) runs it inside a fresh network namespace, so only that namespace's
// settings change; it refuses to run anywhere else. Keys outside net.* are global to the
// machine and are only read, never written.
//
//   apply.ts FILE          one line per setting, for people
//   apply.ts --json -      reads the file from stdin, prints one JSON object for the audit
import { readFileSync, writeFileSync } from 'node:fs';
import type { NamespaceProbe } from '../../checker/sysctl-audit.ts';
import { normalizeValue, parseSysctlConf, type Setting, sysctlPath } from '../../checker/sysctl-conf.ts';

if (process.env.TCPLABS_SANDBOXED !== '1') {
  console.error('apply: refusing to change sysctls outside a tcplabs sandbox (TCPLABS_SANDBOXED=1 is not set)');
  process.exit(2);
}

const json = process.argv.includes('--json');
const file = process.argv.slice(2).find((arg) => arg !== '--json') ?? '-';
const settings = parseSysctlConf(readFileSync(file === '-' ? 0 : file, 'utf8')).filter(
  (line): line is Setting => line.kind === 'setting',
);

function read(key: string): string | null {
  try {
    return normalizeValue(readFileSync(sysctlPath(key), 'utf8'));
  } catch {
    return null;
  }
}

// Read every key before writing any, so `before` is what a fresh namespace starts with.
const before = new Map(settings.map((s) => [s.key, read(s.key)]));

function apply(setting: Setting): NamespaceProbe {
  const result = { line: setting.line, key: setting.key, before: before.get(setting.key) ?? null };
  if (!setting.key.startsWith('net.')) {
    return { ...result, outcome: 'skipped', after: result.before, error: null };
  }
  try {
    writeFileSync(sysctlPath(setting.key), setting.value);
    return { ...result, outcome: 'accepted', after: read(setting.key), error: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ...result, outcome: 'absent', after: null, error: 'No such file or directory' };
    const message = code === 'EINVAL' ? 'Invalid argument' : code === 'EACCES' ? 'Permission denied' : String(code);
    return { ...result, outcome: 'rejected', after: read(setting.key), error: message };
  }
}

const probes = settings.map(apply);
if (json) {
  console.log(JSON.stringify({ probes }));
} else {
  for (const p of probes) {
    const what = `line ${p.line}: ${p.key} = ${settings.find((s) => s.line === p.line)?.value}`;
    if (p.outcome === 'accepted') console.log(`apply: ${what}: accepted (was ${p.before}, now ${p.after})`);
    else if (p.outcome === 'absent') console.log(`apply: ${what}: no such key in this network namespace`);
    else if (p.outcome === 'rejected') console.log(`apply: ${what}: rejected, ${p.error} (still ${p.after})`);
    else console.log(`apply: ${what}: not a net.* key, left alone`);
  }
  const accepted = probes.filter((p) => p.outcome === 'accepted').length;
  console.log(`apply: ${accepted} of ${probes.length} lines accepted`);
}
