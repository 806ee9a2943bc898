// Speed figures for the terminal UI (issue 3), returned, never printed:
//  - start to the first frame of the home screen: the real `tcplabs` in a pseudo-terminal
//    (util-linux `script`), median of 5 (target ≤ 1 s);
//  - a lab table of 500 sockets refreshed at 10 Hz: CPU of one core used by the app while
//    it draws them (target ≤ 30 %), and how long a key press takes to show on screen
//    meanwhile (target ≤ 100 ms). The 500 sockets come from a stand-in runner that emits
//    the runner's own events (LabEvent samples) — no kernel holds 500 sockets for a lab
//    yet, and what is measured is the drawing, not the sampling.

import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ObservedSocket, Snapshot, Transition } from '../checker/timeline.ts';
import type { RunReport } from '../checker/verdict.ts';
import { type Lab, sidesOf } from '../labs/kit/lab.ts';
import type { RunOptions } from '../labs/kit/runner.ts';
import { findTool } from '../labs/kit/tools.ts';
import { median, round } from './stats.ts';

const BIN = new URL('../bin/tcplabs.js', import.meta.url).pathname;
const COLUMNS = 120;
const ROWS = 40;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** The environment of a user at a terminal: no CI (Ink draws nothing live under CI). */
function terminalEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TERM: 'xterm-256color',
    // A scratch state directory: a benchmark must not touch the user's progress.
    XDG_STATE_HOME: mkdtempSync(path.join(os.tmpdir(), 'tcplabs-bench-')),
  };
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  return env;
}

/** Spawn `tcplabs` in a 120×40 pseudo-terminal; ms until the home screen's first frame. */
function firstFrameOnce(script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(script, ['-qfec', `stty cols ${COLUMNS} rows ${ROWS}; exec node ${BIN}`, '/dev/null'], {
      env: terminalEnv(),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let output = '';
    let shown: number | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (shown !== null) return;
      output += chunk.toString('utf8');
      const screen = output.slice(output.indexOf('\u001b[?1049h'));
      if (output.includes('\u001b[?1049h') && screen.includes('Teardown') && screen.includes('close-wait-leak')) {
        shown = performance.now() - started;
        child.stdin.write('q');
      }
    });
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      if (shown === null) reject(new Error(`no home frame; output: ${output.replace(ANSI, '').slice(-300)}`));
      else resolve(shown);
    });
  });
}

async function firstFrame(runs: number): Promise<Record<string, unknown>> {
  const script = findTool('script');
  if (!script) return { error: 'needs util-linux script(1) for a pseudo-terminal' };
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i++) samples.push(await firstFrameOnce(script));
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { medianMs: Math.round(median(samples)), samplesMs: samples.map(Math.round), targetMs: 1000 };
}

/** A terminal that discards what it is sent, but lets us watch it. */
class FakeTerminal extends EventEmitter {
  // Not a TTY to Ink's helpers: cli-cursor would otherwise register an exit hook that
  // writes "show cursor" to the real terminal, and the benchmark must print nothing.
  readonly isTTY = false;
  readonly columns = COLUMNS;
  readonly rows = ROWS;
  private listeners_: Array<(text: string) => void> = [];
  written = 0;
  /** The latest output, for what was drawn before anyone watched. */
  recent = '';
  write = (chunk: string | Uint8Array): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.written += text.length;
    this.recent = (this.recent + text).slice(-60_000);
    for (const listener of this.listeners_) listener(text);
    return true;
  };
  watch(listener: (text: string) => void): () => void {
    this.listeners_.push(listener);
    return () => {
      this.listeners_ = this.listeners_.filter((other) => other !== listener);
    };
  }
}

/** Keys typed into the app, the way Ink reads a terminal (as ink-testing-library does). */
class FakeKeyboard extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  private pending: string | null = null;
  type(keys: string): void {
    this.pending = keys;
    this.emit('readable');
    this.emit('data', keys);
  }
  read = (): string | null => {
    const data = this.pending;
    this.pending = null;
    return data;
  };
  setRawMode(on: boolean): this {
    this.isRaw = on;
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
}

const STATES = ['ESTAB', 'CLOSE-WAIT', 'TIME-WAIT', 'FIN-WAIT-2'] as const;

/** 500 sockets as the sampler reports them; a few change state on every tick. */
function snapshotAt(tick: number, tMs: number): { snapshot: Snapshot; transitions: Transition[] } {
  const sockets: ObservedSocket[] = [];
  const transitions: Transition[] = [];
  for (let i = 0; i < 500; i++) {
    const port = 30000 + i;
    const moved = (i + tick) % 100 === 0;
    const state = STATES[(i + Math.floor((i + tick) / 100)) % STATES.length] as ObservedSocket['state'];
    const server = i % 2 === 0;
    const local = { address: '127.0.0.1', port: server ? 8818 : port };
    const peer = { address: '127.0.0.1', port: server ? port : 8818 };
    const conn = `127.0.0.1:${port}-127.0.0.1:8818`;
    const side = `127.0.0.1:${local.port}>127.0.0.1:${peer.port}`;
    const socket = {
      state,
      recvQ: (i * 7 + tick) % 3,
      sendQ: 0,
      local,
      peer,
      role: server ? 'server' : 'client',
      conn,
      side,
      ...(state === 'TIME-WAIT' ? { timer: { name: 'timewait', expiresMs: 60_000 - tMs, retrans: 0 } } : {}),
    } as ObservedSocket;
    sockets.push(socket);
    if (moved) {
      transitions.push({
        tMs,
        conn,
        role: socket.role,
        local: `127.0.0.1:${local.port}`,
        peer: `127.0.0.1:${peer.port}`,
        from: 'ESTAB',
        to: state,
      });
    }
  }
  return { snapshot: { tMs, sockets }, transitions };
}

/** Stands in for runLab: the runner's events, 500 sockets at `hz`, until stopped. */
function syntheticRunner(hz: number) {
  return (lab: Lab, options: RunOptions): Promise<RunReport> =>
    new Promise((resolve) => {
      const emit = options.onEvent ?? (() => {});
      const started = performance.now();
      emit({
        type: 'started',
        lab: lab.id,
        mode: 'demo',
        sandbox: 'userns',
        port: 8818,
        fast: false,
        sides: sidesOf(lab),
        pollOnly: null,
        chart: null,
      });
      emit({ type: 'step', index: 0, title: 'hold 500 connections', status: 'running' });
      let tick = 0;
      const timer = setInterval(() => {
        const { snapshot, transitions } = snapshotAt(tick++, performance.now() - started);
        emit({ type: 'sample', snapshot, transitions });
      }, 1000 / hz);
      const finish = () => {
        clearInterval(timer);
        const report = {
          lab: lab.id,
          mode: 'demo',
          verdict: 'error',
          sandbox: 'userns',
          durationMs: Math.round(performance.now() - started),
          expectations: [],
          timeline: [],
          counters: {},
          error: 'stopped',
          fast: false,
          port: 8818,
          steps: [],
          events: [],
          hints: [],
        } as unknown as RunReport;
        emit({ type: 'finished', report });
        resolve(report);
      };
      options.signal?.addEventListener('abort', finish, { once: true });
    });
}

/** Wait until the screen shows what `test` looks for, after `act`; resolves with the ms it took. */
function answer(terminal: FakeTerminal, act: () => void, test: (screen: string) => boolean, timeoutMs = 5000) {
  return new Promise<number>((resolve, reject) => {
    let seen = '';
    const started = performance.now();
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the screen did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = terminal.watch((text) => {
      seen = (seen + text).slice(-60_000);
      if (test(seen.replace(ANSI, ''))) {
        clearTimeout(timer);
        stop();
        resolve(performance.now() - started);
      }
    });
    act();
  });
}

async function busyTable(): Promise<Record<string, unknown>> {
  // Ink decides whether it runs under CI, and React which build to use, when they load:
  // load them as `tcplabs` does in a terminal (see cli/interactive.ts).
  const saved = {
    CI: process.env.CI,
    CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION,
    NODE_ENV: process.env.NODE_ENV,
  };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.NODE_ENV ??= 'production';
  const [{ render }, { App }, { listLabs }, { ProgressStore }, { SessionTracker }] = await Promise.all([
    import('ink'),
    import('../tui/app.tsx'),
    import('../cli/commands/list.ts'),
    import('../labs/kit/progress.ts'),
    import('../tui/session-tracker.ts'),
  ]);
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const { createElement } = await import('react');

  const terminal = new FakeTerminal();
  const keyboard = new FakeKeyboard();
  const tracker = new SessionTracker();
  const labs = await listLabs();
  const state = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-bench-'));
  const renders: number[] = [];
  const app = render(
    createElement(App, {
      labs,
      sandbox: 'userns',
      progress: new ProgressStore(path.join(state, 'progress.json')),
      tracker,
      runner: syntheticRunner(10),
    }),
    {
      stdout: terminal as unknown as NodeJS.WriteStream,
      stdin: keyboard as unknown as NodeJS.ReadStream,
      stderr: terminal as unknown as NodeJS.WriteStream,
      exitOnCtrlC: false,
      patchConsole: false,
      onRender: ({ renderTime }) => {
        renders.push(renderTime);
      },
    },
  );
  try {
    // The first frame is drawn during render(), before anyone watches.
    if (!terminal.recent.includes('Teardown')) {
      await answer(
        terminal,
        () => {},
        (screen) => screen.includes('Teardown'),
      );
    }
    await answer(
      terminal,
      () => keyboard.type('\r'),
      (screen) => screen.includes('tcplabs › close-wait-leak'),
    );
    await answer(
      terminal,
      () => keyboard.type('r'),
      (screen) => screen.includes('500 in the table'),
    );
    // Warm up, then measure CPU and key answers over the same window.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const latencies: number[] = [];
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const writtenBefore = terminal.written;
    let fast = false;
    while (performance.now() - wallBefore < 5000) {
      fast = !fast;
      const want = `fast ${fast ? 'on' : 'off'} · step mode`;
      latencies.push(
        await answer(
          terminal,
          () => keyboard.type('f'),
          (screen) => screen.includes(want),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const wallMs = performance.now() - wallBefore;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      sockets: 500,
      refreshHz: 10,
      cpuPercentOfOneCore: round(((cpu.user + cpu.system) / 1000 / wallMs) * 100, 1),
      targetCpuPercent: 30,
      keyLatencyMs: {
        median: round(median(latencies), 1),
        max: round(Math.max(...latencies), 1),
        presses: latencies.length,
      },
      targetKeyLatencyMs: 100,
      inkRenderMsPerFrame: round(median(renders.slice(-40)), 1),
      bytesPerSecondToTerminal: Math.round(((terminal.written - writtenBefore) / wallMs) * 1000),
    };
  } finally {
    await tracker.stopAll();
    app.unmount();
  }
}

export async function benchTui(): Promise<Record<string, unknown>> {
  return {
    firstFrameOfHome: await firstFrame(5),
    table500At10Hz: await busyTable(),
  };
}
