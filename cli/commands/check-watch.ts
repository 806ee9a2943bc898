// `tcplabs check <lab> --server FILE --watch`: check, then check again on every save of the
// learner's file (debounced), killing a run still going when a new save arrives, and say what
// changed since the last verdict. Ctrl-C stops the run in progress and waits until everything
// it started is gone.

import { watch } from 'node:fs';
import path from 'node:path';
import type { RunReport } from '../../checker/verdict.ts';
import type { Lab } from '../../labs/kit/lab.ts';
import type { CommandIo } from '../io.ts';
import { cliWords } from '../words.ts';
import { labOrError, type RunCommandOptions, reportRun, runOnce } from './run.ts';

/** Editors save in bursts (write, rename, chmod); one check per burst. */
export const DEBOUNCE_MS = 300;

/** What changed between two verdicts, one line each. */
export function changesSince(before: RunReport | null, now: RunReport): string[] {
  if (!before) return [];
  const lines: string[] = [];
  if (before.verdict !== now.verdict) lines.push(cliWords('watch.verdict', { from: before.verdict, to: now.verdict }));
  for (const e of now.expectations) {
    const was = before.expectations.find((b) => b.id === e.id);
    if (was && was.ok !== e.ok) lines.push(cliWords(e.ok ? 'watch.holds' : 'watch.fails', { text: e.text }));
    if (!was) lines.push(cliWords(e.ok ? 'watch.firstHeld' : 'watch.firstFailed', { text: e.text }));
  }
  if (before.error !== now.error && now.error) lines.push(`error: ${now.error.split('\n')[0]}`);
  return lines.length > 0 ? lines : [cliWords('watch.nothing')];
}

/** Resolves on the next (debounced) save of the file, or when `signal` aborts. */
function nextSave(file: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    // Watch the folder: many editors replace the file rather than write into it.
    const watcher = watch(path.dirname(file), (_event, name) => {
      if (name !== path.basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(done, DEBOUNCE_MS);
    });
    const done = () => {
      clearTimeout(timer);
      watcher.close();
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
  });
}

async function checkUntilSaved(lab: Lab, options: RunCommandOptions, io: CommandIo, file: string) {
  const run = new AbortController();
  const stop = () => run.abort();
  io.signal.addEventListener('abort', stop);
  const saved = nextSave(file, io.signal).then(() => run.abort());
  const report = await runOnce(lab, options, io, run.signal);
  io.signal.removeEventListener('abort', stop);
  return { report, restarted: run.signal.aborted && !io.signal.aborted, saved };
}

export async function checkWatchCommand(options: RunCommandOptions, io: CommandIo): Promise<number> {
  const lab = await labOrError(options, io);
  if (!lab || !options.learnerFile) return 2;
  const file = path.resolve(options.learnerFile);
  let last: RunReport | null = null;
  while (!io.signal.aborted) {
    const { report, restarted, saved } = await checkUntilSaved(lab, options, io, file);
    if (io.signal.aborted) break;
    if (restarted) {
      io.out(io.paint('dim', `\n${cliWords('watch.changed', { file: path.basename(file) })}`));
      continue;
    }
    await reportRun(lab, report, options, io);
    // One write, so a reader sees the verdict's change and what changed with it together.
    io.out(
      changesSince(last, report)
        .map((line) => io.paint('bold', `  ${line}`))
        .join('\n'),
    );
    last = report;
    io.out(io.paint('dim', `\n${cliWords('watch.watching', { file })}`));
    await saved;
  }
  return 130;
}
