// `tcplabs doctor`: what this machine has, which sandbox labs will use, and what to fix.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { labAvailability, sysctlsInNamespace, sysctlsOf } from '../../labs/kit/availability.ts';
import { runQuiet } from '../../labs/kit/exec.ts';
import { loadLabs } from '../../labs/kit/registry.ts';
import { chooseSandbox, type SandboxChoice } from '../../labs/kit/sandbox.ts';
import { findTool, installHint, TOOL_NAMES, type ToolName } from '../../labs/kit/tools.ts';
import type { CommandIo } from '../io.ts';

export interface DoctorReport {
  os: string;
  kernel: string;
  node: string;
  sandbox: SandboxChoice['mode'];
  tools: Record<string, { ok: boolean; version?: string; path?: string }>;
  problems: Array<{ what: string; fix: string }>;
}

const VERSION_ARGS: Record<ToolName, string[]> = {
  ss: ['-V'],
  ip: ['-V'],
  unshare: ['--version'],
  nsenter: ['--version'],
  setpriv: ['--version'],
  nft: ['--version'],
  tcpdump: ['--version'],
};

async function toolVersion(file: string, name: ToolName): Promise<string | undefined> {
  const result = await runQuiet(file, VERSION_ARGS[name], { timeoutMs: 3000 });
  const text = `${result.stdout}\n${result.stderr}`;
  const match = /(\d+\.\d+(?:\.\d+)?)/.exec(text);
  return match?.[1];
}

export async function diagnose(): Promise<DoctorReport> {
  const problems: DoctorReport['problems'] = [];
  const tools: DoctorReport['tools'] = {};
  await Promise.all(
    TOOL_NAMES.map(async (name) => {
      const file = findTool(name);
      tools[name] = file ? { ok: true, path: file, version: await toolVersion(file, name) } : { ok: false };
    }),
  );
  for (const name of TOOL_NAMES) {
    if (tools[name]?.ok) continue;
    const role =
      name === 'nft'
        ? 'labs that drop or hold packets are unavailable'
        : name === 'tcpdump'
          ? 'labs that judge packets are unavailable, and every timeline is sampled at 20 Hz, so short-lived states (FIN-WAIT-1, LAST-ACK…) may be missing'
          : name === 'ss' || name === 'ip'
            ? 'no lab can run'
            : 'no namespace sandbox; labs run on the host loopback';
    problems.push({ what: `${name} is missing: ${role}`, fix: installHint(name) });
  }
  let sandbox: SandboxChoice = { mode: 'host' };
  if (process.platform === 'linux') {
    sandbox = await chooseSandbox();
    if (sandbox.mode !== 'userns' && sandbox.why) {
      problems.push({
        what: `sandbox is ${sandbox.mode}: ${sandbox.why}; labs that set sysctls or use nft/tcpdump${sandbox.mode === 'host' ? ' are unavailable' : ' need root'}`,
        fix: sandbox.fix ?? 'run as root',
      });
    }
    problems.push(...(await kernelProblems(sandbox)));
  } else {
    problems.push({ what: `tcplabs needs Linux, this is ${process.platform}`, fix: 'run it on a Linux machine or VM' });
  }
  const [major] = process.versions.node.split('.').map(Number);
  if ((major ?? 0) < 20)
    problems.push({ what: `Node ${process.versions.node} is too old`, fix: 'install Node 20 or newer' });
  return {
    os: `${os.type()} ${os.release()}${readPrettyName()}`,
    kernel: os.release(),
    node: process.versions.node,
    sandbox: sandbox.mode,
    tools,
    problems,
  };
}

/**
 * Labs this kernel's namespace cannot run whole: a sysctl a lab needs is missing (the lab is
 * unavailable), or one its steps can do without (the lab runs, without those steps). Labs
 * unavailable for want of a tool are already said above.
 */
async function kernelProblems(sandbox: SandboxChoice): Promise<DoctorReport['problems']> {
  const problems: DoctorReport['problems'] = [];
  let labs: Awaited<ReturnType<typeof loadLabs>>;
  try {
    labs = await loadLabs();
  } catch (error) {
    // A lab that does not load is its own bug; doctor still reports the machine.
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return [
      { what: `the labs could not be loaded to check them against this kernel: ${why}`, fix: 'see tcplabs list' },
    ];
  }
  const present = sysctlsInNamespace(sysctlsOf(labs), sandbox);
  for (const lab of labs) {
    const can = await labAvailability(lab, sandbox, present);
    const names = [...(can.missing ?? []), ...(can.without ?? [])];
    if (names.length === 0) continue;
    const what = can.available ? `${lab.id}: ${can.why}` : `${lab.id} cannot run here: ${can.why}`;
    const fix =
      names.every((name) => name.startsWith('net.core.')) && sandbox.mode === 'userns'
        ? `as root, TCPLABS_SANDBOX=netns tcplabs run ${lab.id} runs it whole (or a kernel from 6.3 on)`
        : 'a newer kernel';
    problems.push({ what, fix });
  }
  return problems;
}

function readPrettyName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const match = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text);
    return match ? ` (${match[1]})` : '';
  } catch {
    return '';
  }
}

export async function doctorCommand(io: CommandIo): Promise<number> {
  const report = await diagnose();
  const fatal = process.platform !== 'linux' || !report.tools.ss?.ok || !report.tools.ip?.ok;
  if (io.json) {
    io.out(JSON.stringify(report, null, 2));
  } else {
    io.out(`os       ${report.os}`);
    io.out(`node     ${report.node}`);
    io.out(`sandbox  ${report.sandbox}`);
    for (const [name, tool] of Object.entries(report.tools)) {
      io.out(
        `${name.padEnd(8)} ${tool.ok ? io.paint('green', `ok ${tool.version ?? ''}`.trim()) : io.paint('red', 'missing')}`,
      );
    }
    if (report.problems.length === 0) io.out(io.paint('green', '\nNo problems: every lab can run here.'));
    for (const problem of report.problems) {
      io.out(`\n${io.paint('yellow', 'problem:')} ${problem.what}\n${io.paint('dim', '    fix:')} ${problem.fix}`);
    }
  }
  return fatal ? 2 : report.problems.length > 0 ? 1 : 0;
}
