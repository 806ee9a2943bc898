import { EXIT_CODES, type RunReport } from '../../checker/verdict.ts';
import { isLabError } from '../../labs/kit/errors.ts';
import { loadLab } from '../../labs/kit/registry.ts';
import { runLab } from '../../labs/kit/runner.ts';
import type { SandboxMode } from '../../labs/kit/sandbox.ts';
import type { CommandIo } from '../io.ts';
import { createLivePrinter, formatSummary } from '../text-report.ts';

export interface RunCommandOptions {
  labId: string;
  mode: 'demo' | 'check';
  fast: boolean;
  learnerFile?: string;
  learnerRole?: string;
  exercise?: string;
  sandbox?: SandboxMode;
  pcapFile?: string;
}

/** The JSON shape of `run` and `check` (the stable fields first). */
export function reportJson(report: RunReport): string {
  return JSON.stringify(report, null, 2);
}

export async function runCommand(options: RunCommandOptions, io: CommandIo): Promise<number> {
  let lab: Awaited<ReturnType<typeof loadLab>>;
  try {
    lab = await loadLab(options.labId);
  } catch (error) {
    if (!isLabError(error)) throw error;
    if (io.json)
      io.out(JSON.stringify({ lab: options.labId, mode: options.mode, verdict: 'error', error: error.message }));
    io.err(`tcplabs: ${error.message}`);
    return 2;
  }
  const report = await runLab(lab, {
    mode: options.mode,
    fast: options.fast,
    learnerFile: options.learnerFile,
    learnerRole: options.learnerRole,
    exercise: options.exercise,
    sandbox: options.sandbox,
    pcapFile: options.pcapFile,
    signal: io.signal,
    onEvent: io.json ? undefined : createLivePrinter(io.out, io.paint),
  });
  if (io.json) io.out(reportJson(report));
  else io.out(formatSummary(report, io.paint));
  if (report.error) {
    // The one line a script or a tired learner reads first.
    io.err(`tcplabs: ${report.error.split('\n')[0]}`);
  }
  return EXIT_CODES[report.verdict];
}
