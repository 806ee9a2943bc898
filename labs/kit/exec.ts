// Running a short command to completion with node:child_process. execa is what the kit uses
// for long-lived programs, but importing it costs ~200 ms here — a third of the budget for
// `tcplabs list` or `watch --once` — so quick probes and `ss` runs use this instead.

import { execFile } from 'node:child_process';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function runQuiet(
  file: string,
  args: readonly string[],
  options: { timeoutMs?: number; maxBuffer?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { timeout: options.timeoutMs ?? 10_000, maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ exitCode: code, stdout, stderr: stderr || (error && code === -1 ? error.message : '') });
      },
    );
    child.stdin?.end();
  });
}
