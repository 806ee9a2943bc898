import { writeFileSync } from 'node:fs';
import { EXIT_CODES, type RunReport } from '../../checker/verdict.ts';
import { isLabError } from '../../labs/kit/errors.ts';
import { exerciseOf, type Lab } from '../../labs/kit/lab.ts';
import { ProgressStore } from '../../labs/kit/progress.ts';
import { loadLab } from '../../labs/kit/registry.ts';
import { runLab } from '../../labs/kit/runner.ts';
import type { SandboxMode } from '../../labs/kit/sandbox.ts';
import { afterPass } from '../after-pass.ts';
import { predictionGate } from '../ask.ts';
import type { CommandIo } from '../io.ts';
import { junitXml, tapReport } from '../reporters/junit.ts';
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
  /** How many hints a failed check prints (1 unless --hint N). */
  hints?: number;
  junitFile?: string;
  tapFile?: string;
  /** After a pass, diff the learner's file against the reference solution. */
  diff?: boolean;
  /** Ask each step's prediction on the terminal before the step runs. */
  predict?: boolean;
}

/** The JSON shape of `run` and `check` (the stable fields first). */
export function reportJson(report: RunReport): string {
  return JSON.stringify(report, null, 2);
}

/** Load the lab, or report why not in one line (and in JSON when asked). */
export async function labOrError(options: RunCommandOptions, io: CommandIo): Promise<Lab | null> {
  try {
    return await loadLab(options.labId);
  } catch (error) {
    if (!isLabError(error)) throw error;
    if (io.json)
      io.out(JSON.stringify({ lab: options.labId, mode: options.mode, verdict: 'error', error: error.message }));
    io.err(`tcplabs: ${error.message}`);
    return null;
  }
}

/** One run of the lab, printed live in text, or as one JSON object at the end. */
export async function runOnce(lab: Lab, options: RunCommandOptions, io: CommandIo, signal = io.signal) {
  return runLab(lab, {
    mode: options.mode,
    fast: options.fast,
    learnerFile: options.learnerFile,
    learnerRole: options.learnerRole,
    exercise: options.exercise,
    sandbox: options.sandbox,
    pcapFile: options.pcapFile,
    signal,
    stepGate: options.predict ? predictionGate(io) : undefined,
    onEvent: io.json ? undefined : createLivePrinter(io.out, io.paint),
  });
}

/** Everything after the run: the summary, the grading files, the progress file, the lesson. */
export async function reportRun(lab: Lab, report: RunReport, options: RunCommandOptions, io: CommandIo) {
  const hints = Math.max(1, options.hints ?? 1);
  if (io.json) io.out(reportJson(report));
  else io.out(formatSummary(report, io.paint, hints));
  if (options.junitFile) writeFileSync(options.junitFile, junitXml(report));
  if (options.tapFile) writeFileSync(options.tapFile, tapReport(report));
  const progress = new ProgressStore();
  progress.record(lab.id, report.mode, report.verdict, {
    stopped: report.error === 'stopped',
    exercise: report.exercise ?? undefined,
    hintsShown: Math.min(hints, report.hints.length),
  });
  if (report.predictions.length > 0) progress.predicted(lab.id, report.predictions);
  const exercise = exerciseOf(lab, report.exercise ?? undefined);
  if (!io.json && report.verdict === 'pass' && exercise && options.learnerFile) {
    for (const line of await afterPass(lab, exercise, options.learnerFile, Boolean(options.diff))) io.out(line);
  }
  // The one line a script or a tired learner reads first.
  if (report.error) io.err(`tcplabs: ${report.error.split('\n')[0]}`);
}

export async function runCommand(options: RunCommandOptions, io: CommandIo): Promise<number> {
  const lab = await labOrError(options, io);
  if (!lab) return 2;
  // Refuse at once without a terminal, before a sandbox opens.
  if (options.predict) predictionGate(io);
  const report = await runOnce(lab, options, io);
  await reportRun(lab, report, options, io);
  return EXIT_CODES[report.verdict];
}
