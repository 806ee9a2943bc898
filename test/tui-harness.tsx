// Shared by the TUI tests: render the real App with ink-testing-library at a chosen
// terminal size, press keys, and wait for a frame to show something (polling with a
// deadline: the tests observe, they never sleep in place of an observation).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { type LabListing, listLabs } from '../cli/commands/list.ts';
import { ProgressStore } from '../labs/kit/progress.ts';
import { chooseSandbox } from '../labs/kit/sandbox.ts';
import { App, type AppProps } from '../tui/app.tsx';
import { SessionTracker } from '../tui/session-tracker.ts';

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  enter: '\r',
  escape: '\u001b',
  ctrlC: '\u0003',
  backspace: '\u007f',
} as const;

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export function tempProgressFile(content?: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-tui-'));
  const file = path.join(dir, 'tcplabs', 'progress.json');
  if (content !== undefined) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return file;
}

let catalog: Promise<{ labs: LabListing[]; sandbox: string }> | null = null;

/** The real lab list and sandbox mode, loaded once per test file. */
export function realCatalog(): Promise<{ labs: LabListing[]; sandbox: string }> {
  catalog ??= Promise.all([listLabs(), chooseSandbox()]).then(([labs, sandbox]) => ({ labs, sandbox: sandbox.mode }));
  return catalog;
}

export interface Harness {
  frame(): string;
  /** The last frame as Ink wrote it, escape codes and all. */
  rawFrame(): string;
  press(...keys: string[]): void;
  /** Wait until the frame satisfies `expected` (text, pattern or test); returns that frame. */
  waitFor(expected: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  unmount(): void;
  progress: ProgressStore;
  tracker: SessionTracker;
  quits: string[];
}

export async function renderApp(
  options: { columns?: number; rows?: number; props?: Partial<AppProps>; progressFile?: string } = {},
): Promise<Harness> {
  const { labs, sandbox } = await realCatalog();
  const progress = new ProgressStore(options.progressFile ?? tempProgressFile());
  const tracker = new SessionTracker();
  const quits: string[] = [];
  const instance = render(
    <App
      labs={labs}
      sandbox={sandbox}
      progress={progress}
      tracker={tracker}
      onQuit={(reason) => quits.push(reason)}
      {...options.props}
    />,
  );
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows: number };
  const resize = (columns: number, rows: number) => {
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true, writable: true });
    Object.defineProperty(stdout, 'rows', { value: rows, configurable: true, writable: true });
    stdout.emit('resize');
  };
  resize(options.columns ?? 120, options.rows ?? 40);
  const frame = () => stripAnsi(instance.lastFrame() ?? '');
  const waitFor = async (expected: string | RegExp | ((frame: string) => boolean), timeoutMs = 15_000) => {
    const test =
      typeof expected === 'string'
        ? (f: string) => f.includes(expected)
        : expected instanceof RegExp
          ? (f: string) => expected.test(f)
          : expected;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = frame();
      if (test(current)) return current;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(expected)}; the last frame:\n${current}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    frame,
    rawFrame: () => instance.lastFrame() ?? '',
    press: (...keys) => {
      for (const key of keys) instance.stdin.write(key);
    },
    waitFor,
    resize,
    unmount: () => instance.unmount(),
    progress,
    tracker,
    quits,
  };
}

/** The one line of a frame that contains `text`. */
export function lineWith(frame: string, text: string | RegExp): string | undefined {
  return frame.split('\n').find((line) => (typeof text === 'string' ? line.includes(text) : text.test(line)));
}
