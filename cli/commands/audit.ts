// `tcplabs audit [file]`: a sysctl.conf (by default the seeds' recipe) checked line by line.
// "current" is this machine's /proc/sys. "default" is what a fresh network namespace starts
// with, for the keys that live in one; each line is also applied there (never on the host)
// to see which values the kernel refuses. Without a namespace the table's defaults are used.

import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type AuditEntry,
  type AuditFacts,
  type HostValue,
  type JudgedLine,
  judgeConf,
  type NamespaceProbe,
} from '../../checker/sysctl-audit.ts';
import { type ConfLine, parseSysctlConf, type Setting, sysctlPath } from '../../checker/sysctl-conf.ts';
import { LabError } from '../../labs/kit/errors.ts';
import { chooseSandbox, Sandbox } from '../../labs/kit/sandbox.ts';
import type { CommandIo } from '../io.ts';

export const SEEDS_CONF = path.resolve(import.meta.dirname, '../../labs/sysctl-audit/seeds-sysctl.conf');
const APPLY_PROGRAM = path.resolve(import.meta.dirname, '../../labs/sysctl-audit/apply.ts');
const TSX_LOADER = import.meta.resolve('tsx');

export interface AuditReport {
  file: string;
  entries: AuditEntry[];
}

function readConf(file: string): string {
  if (!existsSync(file)) throw new LabError(`${file}: no such file`);
  if (statSync(file).isDirectory()) throw new LabError(`${file}: is a directory, not a sysctl.conf`);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new LabError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function readHost(key: string): HostValue {
  let file: string;
  try {
    file = sysctlPath(key);
  } catch {
    return { exists: false, value: null };
  }
  if (!existsSync(file)) return { exists: false, value: null };
  try {
    return { exists: true, value: readFileSync(file, 'utf8').trim() };
  } catch {
    return { exists: true, value: null };
  }
}

/** Apply the file inside a throwaway namespace; why not, when there is none to use. */
async function probeNamespace(text: string): Promise<{ probes: NamespaceProbe[] | null; how: string }> {
  const choice = await chooseSandbox();
  if (choice.mode === 'host') {
    return {
      probes: null,
      how: `defaults from tcplabs' table; values not tried (no network namespace here: ${choice.why ?? 'unavailable'})`,
    };
  }
  let sandbox: Sandbox | null = null;
  try {
    sandbox = await Sandbox.open(choice.mode);
    const result = await sandbox.run([process.execPath, '--import', TSX_LOADER, APPLY_PROGRAM, '--json', '-'], {
      input: text,
      env: { TCPLABS_SANDBOXED: '1' },
      timeoutMs: 20_000,
    });
    if (result.exitCode !== 0) throw new LabError(result.stderr.trim().split('\n').at(-1) ?? `exit ${result.exitCode}`);
    const { probes } = JSON.parse(result.stdout) as { probes: NamespaceProbe[] };
    return {
      probes,
      how: `defaults from a fresh network namespace (${choice.mode}), where each line was also applied`,
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { probes: null, how: `defaults from tcplabs' table; values not tried (the namespace failed: ${why})` };
  } finally {
    await sandbox?.close();
  }
}

/** What this machine and a fresh namespace say about the keys a file sets. */
export async function gatherFacts(
  text: string,
  lines: readonly ConfLine[],
): Promise<{ facts: AuditFacts; how: string; tried: boolean }> {
  const keys = new Set(lines.filter((line): line is Setting => line.kind === 'setting').map((s) => s.key));
  const host: Record<string, HostValue> = {};
  for (const key of [...keys, 'net.ipv4.tcp_syn_linear_timeouts']) host[key] = readHost(key);
  const linear = Number(host['net.ipv4.tcp_syn_linear_timeouts']?.value ?? 0);
  const { probes, how } =
    keys.size > 0 ? await probeNamespace(text) : { probes: null, how: 'no settings to try in a namespace' };
  return {
    facts: { host, namespace: probes, kernel: { synLinearTimeouts: Number.isFinite(linear) ? linear : 0 } },
    how,
    tried: probes !== null,
  };
}

export async function auditFile(
  file: string,
): Promise<{ report: AuditReport; judged: JudgedLine[]; lines: ConfLine[]; how: string; tried: boolean }> {
  if (process.platform !== 'linux')
    throw new LabError(`audit reads the Linux kernel's sysctls; this is ${process.platform}`);
  const text = readConf(file);
  const lines = parseSysctlConf(text);
  const { facts, how, tried } = await gatherFacts(text, lines);
  const judged = judgeConf(lines, facts);
  return { report: { file, entries: judged.map((j) => j.entry) }, judged, lines, how, tried };
}

function formatLine(judged: JudgedLine, text: string, io: CommandIo): string[] {
  const { entry } = judged;
  const mark = entry.problem ? io.paint('red', '✗') : io.paint('green', '✓');
  const head = entry.key === null ? text.trim() : `${entry.key} = ${entry.value}`;
  const out = [`${mark} line ${String(entry.line).padEnd(4)} ${io.paint('bold', head)}`];
  if (entry.key !== null && entry.exists) {
    const from = judged.defaultFrom === 'table' ? " (tcplabs' table)" : '';
    out.push(io.paint('dim', `    here ${entry.current ?? '?'}, default ${entry.default ?? 'unknown'}${from}`));
    if (entry.controls) out.push(io.paint('dim', `    controls: ${entry.controls}`));
  }
  for (const problem of judged.problems) out.push(`    ${io.paint('yellow', 'problem:')} ${problem}`);
  return out;
}

export async function auditCommand(options: { file?: string }, io: CommandIo): Promise<number> {
  const file = options.file ?? SEEDS_CONF;
  const { report, judged, lines, how, tried } = await auditFile(file);
  const bad = report.entries.filter((entry) => entry.problem !== null).length;
  if (io.json) {
    // The JSON keeps its shape; where the defaults came from is said once, on stderr.
    if (!tried && report.entries.some((entry) => entry.key !== null)) io.err(`tcplabs audit: ${how}`);
    io.out(JSON.stringify(report, null, 2));
  } else {
    io.out(io.paint('bold', `audit of ${file} on Linux ${os.release()}`));
    io.out(io.paint('dim', how));
    for (const one of judged) {
      const text = lines.find((line) => line.line === one.entry.line)?.text ?? '';
      io.out('');
      for (const line of formatLine(one, text, io)) io.out(line);
    }
    io.out('');
    if (report.entries.length === 0) io.out('No settings in this file.');
    else if (bad === 0) io.out(io.paint('green', `No problems: all ${report.entries.length} lines are right.`));
    else io.out(io.paint('red', `${bad} of ${report.entries.length} lines have a problem.`));
  }
  return bad > 0 ? 1 : 0;
}
