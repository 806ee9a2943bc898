// One program of a lab (server, client, attacker…) running inside the sandbox: its output
// lines, its exit, and a way to wait for what it prints.

import { createInterface } from 'node:readline';
import type { SandboxChild } from './sandbox.ts';

export interface OutputLine {
  role: string;
  stream: 'stdout' | 'stderr';
  line: string;
  tMs: number;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  tMs: number;
}

export class LabProcess {
  readonly role: string;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  exit: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;
  private readonly child: SandboxChild;
  private readonly waiters = new Set<() => void>();

  constructor(role: string, child: SandboxChild, clock: () => number, onLine: (line: OutputLine) => void) {
    this.role = role;
    this.child = child;
    const pipe = (stream: 'stdout' | 'stderr') => {
      const source = child[stream];
      if (!source) return Promise.resolve();
      const reader = createInterface({ input: source, crlfDelay: Number.POSITIVE_INFINITY });
      reader.on('line', (line) => {
        (stream === 'stdout' ? this.stdout : this.stderr).push(line);
        onLine({ role, stream, line, tMs: Math.round(clock()) });
        this.wake();
      });
      return new Promise<void>((resolve) => reader.on('close', resolve));
    };
    const drained = Promise.all([pipe('stdout'), pipe('stderr')]);
    this.exited = child.exited.then(async (result) => {
      await drained;
      this.exit = { code: result.code, signal: result.signal, tMs: Math.round(clock()) };
      this.wake();
      return this.exit;
    });
  }

  /** The program's pid on the host, once it exists. */
  get pid(): number | null {
    return this.child.hostPid();
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Resolve with the first stdout line matching, or null on exit, timeout or abort. */
  waitFor(pattern: RegExp, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
    return new Promise((resolve) => {
      const check = () => {
        const line = this.stdout.find((candidate) => pattern.test(candidate));
        if (line !== undefined) return finish(line);
        if (this.exit || signal?.aborted) return finish(null);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      const finish = (value: string | null) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', check);
        resolve(value);
      };
      this.waiters.add(check);
      signal?.addEventListener('abort', check);
      check();
    });
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.child.kill(signal);
  }

  /** The last meaningful stderr lines: no blanks, no Node version banner, no node:internal frames. */
  stderrTail(lines = 5): string {
    return this.stderr
      .filter((line) => line.trim() !== '' && !/^Node\.js v\d/.test(line) && !line.includes('node:internal'))
      .slice(-lines)
      .join('\n');
  }

  /** The error a crashed program printed (`TypeError: …`), for a one-line report. */
  stderrHeadline(): string | null {
    const errors = this.stderr.filter((line) => /^\s*(?:[A-Z]\w*)?(?:Error|Exception)\b.*:/.test(line));
    const last = errors.at(-1) ?? this.stderr.filter((line) => line.trim() !== '').at(-1);
    return last ? last.trim() : null;
  }
}
