// Small reads of /proc that the sandbox needs: a process's children and its CPU time.

import { readdirSync, readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces). */
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Direct children of a process (the kernel here has no /proc/<pid>/task/<tid>/children). */
export function childPids(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const fields = statFields(pid);
    if (fields && Number(fields[1]) === parent) children.push(pid);
  }
  return children;
}

/** Every descendant of a process, depth first. */
export function descendantPids(root: number): number[] {
  const all: number[] = [];
  for (const child of childPids(root)) all.push(child, ...descendantPids(child));
  return all;
}

/** User + system CPU time of a process in ms (clock ticks of 10 ms), or null if gone. */
export function cpuTimeMs(pid: number): number | null {
  const fields = statFields(pid);
  if (!fields) return null;
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function isAlive(pid: number): boolean {
  const fields = statFields(pid);
  return fields !== null && fields[0] !== 'Z' && fields[0] !== 'X';
}

/** The pid a process has inside its own pid namespace (the last NSpid field), or null. */
export function namespacePid(hostPid: number): number | null {
  try {
    const status = readFileSync(`/proc/${hostPid}/status`, 'utf8');
    const line = /^NSpid:\s+(.*)$/m.exec(status)?.[1];
    const pids = line?.trim().split(/\s+/).map(Number);
    return pids?.at(-1) ?? null;
  } catch {
    return null;
  }
}
