// `tcplabs run --all`: the instructor's pre-flight, and CI's. Every lab that can run here, in
// parallel sandboxes (each its own namespaces, so they never see each other), the slowest
// first so the wall time stays close to the longest lab's; a progress line while they run
// and a pass/fail table at the end. Exit 0 only if every lab passed.

import { EXIT_CODES, type RunReport } from '../../checker/verdict.ts';
import { availability } from '../../labs/kit/availability.ts';
import type { Lab } from '../../labs/kit/lab.ts';
import { loadLabs } from '../../labs/kit/registry.ts';
import { runLab } from '../../labs/kit/runner.ts';
import { chooseSandbox, type SandboxMode } from '../../labs/kit/sandbox.ts';
import type { CommandIo } from '../io.ts';
import { cliWords } from '../words.ts';

/** How many labs run at once: most only wait on kernel timers, so more than the cores. */
export const ALL_AT_ONCE = 6;

export interface RunAllOptions {
  fast: boolean;
  sandbox?: SandboxMode;
  concurrency?: number;
}

export interface RunAllResult {
  runs: RunReport[];
  wallMs: number;
  skipped: Array<{ lab: string; why: string }>;
}

/** Longest first (by the kernel timers each waits on), so no long lab starts last. */
function longestFirst(labs: readonly Lab[]): Lab[] {
  return [...labs].sort((a, b) => (b.floorMs ?? 0) - (a.floorMs ?? 0));
}

export async function runAll(options: RunAllOptions, signal: AbortSignal, onDone: (report: RunReport) => void) {
  const started = performance.now();
  const sandbox = options.sandbox ? { mode: options.sandbox } : await chooseSandbox();
  const labs = await loadLabs();
  const skipped = labs.flatMap((lab) => {
    const can = availability(lab.needs, sandbox);
    return can.available ? [] : [{ lab: lab.id, why: can.why ?? 'unavailable' }];
  });
  const queue = longestFirst(labs.filter((lab) => !skipped.some((s) => s.lab === lab.id)));
  const runs = new Map<string, RunReport>();
  const worker = async () => {
    for (let lab = queue.shift(); lab && !signal.aborted; lab = queue.shift()) {
      const report = await runLab(lab, { fast: options.fast, sandbox: options.sandbox, signal });
      runs.set(lab.id, report);
      onDone(report);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? ALL_AT_ONCE }, worker));
  const ordered = labs.flatMap((lab) => (runs.has(lab.id) ? [runs.get(lab.id) as RunReport] : []));
  return { runs: ordered, wallMs: Math.round(performance.now() - started), skipped };
}

function table(result: RunAllResult, io: CommandIo): string[] {
  const lines = [io.paint('bold', cliWords('all.header'))];
  for (const r of result.runs) {
    const held = r.expectations.filter((e) => e.ok).length;
    const verdict =
      r.verdict === 'pass' ? io.paint('green', 'PASS ') : io.paint('red', r.verdict.toUpperCase().padEnd(5));
    const why = r.error ? `  ${r.error.split('\n')[0]}` : r.verdict === 'fail' ? `  ${failedIds(r)}` : '';
    lines.push(
      `${r.lab.padEnd(26)} ${verdict}    ${(r.durationMs / 1000).toFixed(1).padStart(5)} s  ${held}/${r.expectations.length}${why}`,
    );
  }
  for (const s of result.skipped)
    lines.push(io.paint('dim', `${s.lab.padEnd(26)} SKIP     ${cliWords('all.unavailable', { why: s.why })}`));
  const longest = Math.max(1, ...result.runs.map((r) => r.durationMs));
  const passed = result.runs.filter((r) => r.verdict === 'pass').length;
  const figures = {
    passed,
    total: result.runs.length,
    s: (result.wallMs / 1000).toFixed(1),
    longest: (longest / 1000).toFixed(1),
    ratio: (result.wallMs / longest).toFixed(2),
  };
  lines.push('', cliWords('all.passed', figures));
  return lines;
}

function failedIds(report: RunReport): string {
  const ids = report.expectations.filter((e) => !e.ok).map((e) => e.id);
  return cliWords('all.failed', { ids: ids.join(', ') });
}

export async function runAllCommand(options: RunAllOptions, io: CommandIo): Promise<number> {
  let done = 0;
  const total = (await loadLabs()).length;
  const result = await runAll(options, io.signal, (report) => {
    done++;
    if (io.json) return;
    const bar = `${'█'.repeat(done)}${'░'.repeat(Math.max(0, total - done))}`;
    const mark = report.verdict === 'pass' ? '✓' : '✗';
    io.err(`[${bar}] ${done}/${total} ${mark} ${report.lab} ${(report.durationMs / 1000).toFixed(1)} s`);
  });
  if (io.json) io.out(JSON.stringify({ runs: result.runs, wallMs: result.wallMs, skipped: result.skipped }, null, 2));
  else io.out(table(result, io).join('\n'));
  if (io.signal.aborted) return 130;
  const worst = result.runs.reduce((code, r) => Math.max(code, EXIT_CODES[r.verdict]), 0);
  return result.runs.length === 0 ? 2 : worst;
}
