// Can a lab run here? Labs that set sysctls need a namespace; labs that drop packets need
// nft, and labs that capture need tcpdump, inside one. When not, say what would enable it.

import { bindExpectations } from './bound.ts';
import { runQuiet } from './exec.ts';
import type { Condition, Lab, LabNeeds } from './lab.ts';
import type { SandboxChoice } from './sandbox.ts';
import { findTool, installHint } from './tools.ts';
import { kitWords } from './words.ts';

export interface Availability {
  available: boolean;
  why?: string;
}

export function availability(needs: LabNeeds, sandbox: SandboxChoice): Availability {
  const reasons: string[] = [];
  const inNamespace = sandbox.mode !== 'host';
  const wantsNamespace = Object.keys(needs.sysctls ?? {}).length > 0 || needs.nft || needs.tcpdump;
  if (wantsNamespace && !inNamespace) {
    const what = [
      Object.keys(needs.sysctls ?? {}).length > 0 ? 'sysctls' : null,
      needs.nft ? 'nft rules' : null,
      needs.tcpdump ? 'a capture' : null,
    ]
      .filter(Boolean)
      .join(', ');
    reasons.push(
      `needs a network namespace for ${what}, but ${sandbox.why ?? 'namespaces are unavailable'}${sandbox.fix ? ` (fix: ${sandbox.fix})` : ''}`,
    );
  }
  if (needs.nft && !findTool('nft')) reasons.push(`needs nft (${installHint('nft')})`);
  if (needs.tcpdump && !findTool('tcpdump')) reasons.push(`needs tcpdump (${installHint('tcpdump')})`);
  for (const tool of needs.tools ?? []) {
    if (!findTool(tool)) reasons.push(`needs ${tool} (sudo apt-get install -y ${tool})`);
  }
  return reasons.length === 0 ? { available: true } : { available: false, why: reasons.join('; ') };
}

// ── Sysctls a lab can do without ───────────────────────────────────────────────────────
// `needs.sysctls` are set before anything starts: a namespace without one cannot run the
// lab. A step that needs a sysctl the rest of the lab can do without says so in its
// `when` (whereSysctl), and is skipped with the reason where the namespace lacks it.
// Kernels before 6.3 (Debian 12's 6.1, Ubuntu 22.04's 5.15) show no net/core/ sysctls in a
// network namespace an unprivileged user namespace owns (net/core/sysctl_net_core.c,
// sysctl_core_net_init()); as root (TCPLABS_SANDBOX=netns) they are there.

/** A step condition that names the sysctl it needs, so doctor and list can find it. */
export interface SysctlCondition extends Condition {
  sysctl: string;
}

export function isSysctlCondition(condition: Condition | undefined): condition is SysctlCondition {
  return typeof (condition as SysctlCondition | undefined)?.sysctl === 'string';
}

/** Why a namespace may lack a sysctl, in the words a skipped step and doctor print. */
export function missingWhy(name: string): string {
  return name.startsWith('net.core.') ? kitWords('why.netCore') : kitWords('why.absent');
}

/** Run the step only where the lab's namespace has `name`; elsewhere skip it, saying why. */
export function whereSysctl(name: string): SysctlCondition {
  return {
    sysctl: name,
    text: kitWords('when.namespaceHas', { name, why: missingWhy(name) }),
    holds: async (ctx) => (await ctx.readSysctl(name)) !== null,
  };
}

/** The sysctls a lab's steps can do without, each with the titles of the steps that need it. */
export function optionalSysctls(lab: Lab): Map<string, string[]> {
  const port = lab.port;
  const input = {
    mode: 'demo',
    fast: false,
    port,
    scale: (ms: number) => ms,
    the: bindExpectations(port),
    exercise: null,
  } as const;
  const steps = lab.plan(input);
  const found = new Map<string, string[]>();
  for (const step of steps) {
    if (!isSysctlCondition(step.when)) continue;
    found.set(step.when.sysctl, [...(found.get(step.when.sysctl) ?? []), step.title]);
  }
  return found;
}

const presentCache = new Map<string, Promise<Set<string>>>();

/**
 * Which of these sysctls a fresh lab namespace has (the sandbox's mode decides whose user
 * namespace owns it). Null in host mode: there is no namespace to ask.
 */
export function sysctlsInNamespace(names: readonly string[], sandbox: SandboxChoice): Promise<Set<string>> | null {
  if (sandbox.mode === 'host' || names.length === 0) return null;
  const key = `${sandbox.mode}:${[...names].sort().join(',')}`;
  let found = presentCache.get(key);
  if (!found) {
    found = probeSysctls(names, sandbox.mode);
    presentCache.set(key, found);
  }
  return found;
}

async function probeSysctls(names: readonly string[], mode: 'userns' | 'netns'): Promise<Set<string>> {
  const unshare = findTool('unshare');
  if (!unshare) return new Set();
  const paths = names.map((name) => `/proc/sys/${name.replaceAll('.', '/')}`);
  // A shell in a new network namespace prints the files it has; -r makes it a user namespace too.
  const script = 'for f in "$@"; do [ -e "$f" ] && echo "$f"; done; exit 0';
  const flags = mode === 'userns' ? ['-r', '-n'] : ['-n'];
  const result = await runQuiet(unshare, [...flags, 'sh', '-c', script, 'sh', ...paths], { timeoutMs: 5000 });
  const seen = new Set(result.stdout.split('\n').filter(Boolean));
  return new Set(names.filter((_, i) => seen.has(paths[i] as string)));
}

export interface LabAvailability extends Availability {
  /** Sysctls the lab needs that this namespace lacks (it cannot run). */
  missing?: string[];
  /** Sysctls its steps can do without that this namespace lacks (it runs without those steps). */
  without?: string[];
}

/** Every sysctl these labs set or can do without: ask the namespace about them all at once. */
export function sysctlsOf(labs: readonly Lab[]): string[] {
  const names = labs.flatMap((lab) => [...Object.keys(lab.needs.sysctls ?? {}), ...optionalSysctls(lab).keys()]);
  return [...new Set(names)];
}

/**
 * availability() for a whole lab: also the sysctls it needs, and the steps it can do without.
 * `present` is what sysctlsInNamespace() found (for many labs, ask once with sysctlsOf()).
 */
export async function labAvailability(
  lab: Lab,
  sandbox: SandboxChoice,
  present?: Promise<Set<string>> | null,
): Promise<LabAvailability> {
  const base = availability(lab.needs, sandbox);
  if (!base.available) return base;
  const needed = Object.keys(lab.needs.sysctls ?? {});
  const optional = optionalSysctls(lab);
  const found = await (present === undefined ? sysctlsInNamespace([...needed, ...optional.keys()], sandbox) : present);
  if (!found) return base;
  const absent = needed.filter((name) => !found.has(name));
  if (absent.length > 0) {
    const why = absent.map((name) => `needs ${name}: ${missingWhy(name)}`).join('; ');
    return { available: false, why, missing: absent };
  }
  const without = [...optional.keys()].filter((name) => !found.has(name));
  if (without.length === 0) return base;
  const steps = without.map(
    (name) => `without its ${name} step (${(optional.get(name) ?? []).join('; ')}): ${missingWhy(name)}`,
  );
  return { available: true, why: `runs ${steps.join('; ')}`, without };
}
