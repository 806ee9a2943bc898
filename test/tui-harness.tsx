// Shared by the TUI tests: render the real App with ink-testing-library at a chosen
// terminal size, press keys, and wait for a frame to show something (polling with a
// deadline: the tests observe, they never sleep in place of an observation).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import type { Expectation } from '../checker/expect.ts';
import type { Packet } from '../checker/packets.ts';
import type { ObservedSocket, Transition } from '../checker/timeline.ts';
import type { RunReport } from '../checker/verdict.ts';
import { type LabListing, listLabs } from '../cli/commands/list.ts';
import { getLang } from '../i18n/lang.ts';
import type { Lab, Step } from '../labs/kit/lab.ts';
import { judgePrediction, predictionOf } from '../labs/kit/predict.ts';
import { ProgressStore } from '../labs/kit/progress.ts';
import type { LabEvent } from '../labs/kit/runner.ts';
import { chooseSandbox } from '../labs/kit/sandbox.ts';
import { App, type AppProps } from '../tui/app.tsx';
import type { Runner } from '../tui/lab-session.ts';
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
  // Tests that bring their own labs do not need (or wait for) the real ones.
  const given = options.props?.labs;
  const { labs, sandbox } = given ? { labs: given, sandbox: options.props?.sandbox ?? 'userns' } : await realCatalog();
  const progress = new ProgressStore(options.progressFile ?? tempProgressFile());
  const tracker = new SessionTracker();
  const quits: string[] = [];
  // An empty first frame, so the terminal has its size before the app draws anything: a
  // frame at ink-testing-library's default size could satisfy a test's first waitFor.
  const instance = render(<Text />);
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows: number };
  const resize = (columns: number, rows: number) => {
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true, writable: true });
    Object.defineProperty(stdout, 'rows', { value: rows, configurable: true, writable: true });
    stdout.emit('resize');
  };
  resize(options.columns ?? 120, options.rows ?? 40);
  instance.rerender(
    <App
      labs={labs}
      sandbox={sandbox}
      progress={progress}
      tracker={tracker}
      onQuit={(reason) => quits.push(reason)}
      {...options.props}
    />,
  );
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

// A lab whose every text follows the language (as the labs' own catalogues will), and a
// scripted runner that plays a run of it without a kernel: for the language tests, whose
// frames must hold the TUI's words and the lab's in one language, and nothing else.

const LAB_WORDS = {
  en: {
    title: 'Scripted leak: a server that never closes its side',
    summary: 'The server never closes, so its side stays in CLOSE-WAIT.',
    steps: ['server listens on :8818', 'client closes its side (FIN →)', 'the leak stays'],
    expect: 'within 1 s, the server side of :8818 is CLOSE-WAIT',
    observed: 'CLOSE-WAIT 127.0.0.1:8818 ⇄ 127.0.0.1:40000',
    goal: "close your side within 1 s of reading the client's EOF",
    hint: "call socket.end() on 'end'",
    question: "after the client's FIN, what state is the server's socket in?",
    output: 'server: read EOF, and ignored it',
    lesson: '# Why the server stays\n\nA TCP connection has two directions,\nand each side closes its own.',
  },
  zh: {
    title: '脚本演示的泄漏：服务端从不关闭自己这一侧，于是连接一直停在 CLOSE-WAIT，这个标题故意写得很长',
    summary: '服务端从不调用 close()，它这一侧就一直停在 CLOSE-WAIT，直到进程退出为止。',
    steps: [
      '服务端在 :8818 上监听',
      '客户端关闭自己这一侧（发出 FIN），服务端的内核自动回复 ACK，而服务端程序什么也不做',
      '泄漏一直存在',
    ],
    expect: '1 秒内，:8818 的服务端一侧处于 CLOSE-WAIT（已收到 FIN 并回复 ACK，尚未关闭）',
    observed: 'CLOSE-WAIT 127.0.0.1:8818 ⇄ 127.0.0.1:40000（node 进程 14）',
    goal: '读到客户端的 EOF 后 1 秒内关闭你这一侧',
    hint: "在 'end' 事件里调用 socket.end()",
    question: '客户端发出 FIN 之后，服务端的套接字处于什么状态？',
    output: 'server: 读到 EOF，并且忽略了它',
    lesson:
      '# 服务端为什么停在 CLOSE-WAIT\n\n一条 TCP 连接有两个方向，每一侧各自关闭。客户端发完数据后发送 FIN，意思是“我不会再发送任何数据”。\n服务端的内核会自己确认这个 FIN，并把服务端的套接字转入 CLOSE-WAIT，等待应用程序关闭。\n\n- 四次挥手的第二步由内核完成\n- 第三步要等程序调用 close()',
  },
} as const;

const say = () => LAB_WORDS[getLang()];

function expectation(): Expectation {
  return {
    id: 'server-close-wait',
    text: say().expect,
    command: ['ss', '-Htanop', 'state', 'close-wait', 'sport = :8818'],
    within: 1000,
    answer: 'CLOSE-WAIT',
    attempt: async () => ({ ok: true, observed: say().observed }),
  };
}

/** A lab in the language of the moment: its texts are read each time, as a reload would. */
export function bilingualLab(): Lab {
  const lab = {
    id: 'scripted-leak',
    topic: 'teardown',
    seed: '001',
    port: 8818,
    dir: '/nonexistent',
    needs: {},
    programs: { server: { file: 'server.ts', side: 'server' }, client: { file: 'client.ts', side: 'client' } },
    get title() {
      return say().title;
    },
    get summary() {
      return say().summary;
    },
    get exercises() {
      return [{ id: 'close-on-eof', role: 'server', goal: say().goal, hints: [say().hint] }];
    },
    plan: (): Step[] =>
      say().steps.map((title, index) => ({
        title,
        ...(index === 1
          ? {
              predict: { question: say().question, expectation: 'server-close-wait', choices: ['ESTAB', 'CLOSE-WAIT'] },
            }
          : {}),
        actions:
          index === 1
            ? [{ kind: 'expect', describe: say().expect, expectation: expectation(), run: async () => {} }]
            : [],
      })),
  };
  return lab as unknown as Lab;
}

/** The lab opened the way the app opens one: the lesson in the language of the moment. */
export async function openBilingualLab(): Promise<{ lab: Lab; lesson: string }> {
  return { lab: { ...bilingualLab() } as Lab, lesson: say().lesson };
}

export function bilingualListing(): LabListing[] {
  const lab = bilingualLab();
  return [
    {
      id: lab.id,
      title: lab.title,
      topic: lab.topic,
      seed: lab.seed,
      needs: { sysctls: [], nft: false, tcpdump: false },
      available: true,
    },
  ];
}

const end = (port: number) => ({ address: '127.0.0.1', port });

function observed(role: 'server' | 'client' | 'listener', state: ObservedSocket['state']): ObservedSocket {
  const [local, peer] =
    role === 'client' ? [end(40000), end(8818)] : role === 'server' ? [end(8818), end(40000)] : [end(8818), end(0)];
  return { state, recvQ: 0, sendQ: 0, local, peer, role, conn: role === 'listener' ? 'l' : 'c1', side: role };
}

function segment(tMs: number, toServer: boolean, flags: Packet['flags'], seq: number, ack: number, length = 0): Packet {
  return {
    tMs,
    src: toServer ? end(40000) : end(8818),
    dst: toServer ? end(8818) : end(40000),
    flags,
    flagText: flags.join(''),
    seq,
    seqEnd: seq + length,
    ack,
    win: 65495,
    length,
    options: [],
  } as Packet;
}

/**
 * A runner that plays the lab's plan without a kernel: steps, sockets, a program's line, a
 * retransmitted segment, the expectation, counters and a failed check's hints. It holds
 * after the second step starts until `release()`, so a test can look at a run in progress.
 */
export function scriptedRunner(): { runner: Runner; release: () => void } {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const runner: Runner = async (lab, options) => {
    const emit = (event: LabEvent) => options.onEvent?.(event);
    const mode = options.mode ?? 'demo';
    const steps = lab.plan({} as never);
    const titles = steps.map((step) => step.title);
    const gate = (index: number) => {
      emit({ type: 'step', index, title: titles[index] as string, status: 'waiting' });
      return options.stepGate?.({ index, title: titles[index] as string, predict: predictionOf(steps[index] as Step) });
    };
    const sides = { listener: 'server', server: 'server', client: 'client', lab: 'observer' } as const;
    emit({
      type: 'started',
      lab: lab.id,
      mode,
      sandbox: 'userns',
      port: 8818,
      fast: true,
      sides,
      pollOnly: null,
      chart: { state: 'CLOSE-WAIT', role: 'server' },
    });
    await gate(0);
    emit({ type: 'step', index: 0, title: titles[0] as string, status: 'running' });
    const listen: Transition = {
      tMs: 10,
      conn: 'l',
      role: 'listener',
      local: '127.0.0.1:8818',
      peer: '0.0.0.0:*',
      from: null,
      to: 'LISTEN',
      source: 'poll',
    };
    emit({ type: 'sample', snapshot: { tMs: 10, sockets: [observed('listener', 'LISTEN')] }, transitions: [listen] });
    emit({ type: 'step', index: 0, title: titles[0] as string, status: 'done' });
    const guess = await gate(1);
    emit({ type: 'step', index: 1, title: titles[1] as string, status: 'running' });
    emit({ type: 'packet', packet: segment(20, true, ['SYN'], 1000, 0) });
    emit({ type: 'packet', packet: segment(21, false, ['SYN', 'ACK'], 5000, 1001) });
    emit({ type: 'packet', packet: segment(22, true, ['ACK'], 1001, 5001) });
    emit({ type: 'packet', packet: segment(30, true, ['PSH', 'ACK'], 1001, 5001, 15) });
    emit({ type: 'packet', packet: segment(40, true, ['PSH', 'ACK'], 1001, 5001, 15) });
    await held;
    const leak: Transition[] = [
      {
        tMs: 50,
        conn: 'c1',
        role: 'client',
        local: '127.0.0.1:40000',
        peer: '127.0.0.1:8818',
        from: 'ESTAB',
        to: 'FIN-WAIT-2',
        source: 'wire',
      },
      {
        tMs: 50,
        conn: 'c1',
        role: 'server',
        local: '127.0.0.1:8818',
        peer: '127.0.0.1:40000',
        from: 'ESTAB',
        to: 'CLOSE-WAIT',
        source: 'wire',
      },
    ];
    const sockets = [
      observed('listener', 'LISTEN'),
      observed('server', 'CLOSE-WAIT'),
      observed('client', 'FIN-WAIT-2'),
    ];
    emit({ type: 'packet', packet: segment(50, true, ['FIN', 'ACK'], 1016, 5001) });
    emit({ type: 'packet', packet: segment(51, false, ['ACK'], 5001, 1017) });
    emit({ type: 'sample', snapshot: { tMs: 50, sockets }, transitions: leak });
    emit({ type: 'event', event: { tMs: 55, source: 'server', text: say().output } });
    const result = {
      id: 'server-close-wait',
      text: say().expect,
      ok: mode !== 'check',
      observed: say().observed,
      command: "ss -Htanop state close-wait 'sport = :8818'",
      tMs: 60,
    };
    emit({ type: 'expectation', result });
    const asked = predictionOf(steps[1] as Step);
    if (guess && asked) emit({ type: 'prediction', outcome: judgePrediction(asked, 1, guess, [result]) });
    emit({ type: 'step', index: 1, title: titles[1] as string, status: 'done' });
    emit({ type: 'step', index: 2, title: titles[2] as string, status: 'skipped' });
    const counters = { TcpActiveOpens: 1, TcpPassiveOpens: 1, TcpExtTCPPureAcks: 3 };
    emit({ type: 'counters', counters });
    const report = {
      lab: lab.id,
      lang: getLang(),
      mode,
      verdict: mode === 'check' ? 'fail' : 'pass',
      sandbox: 'userns',
      startedAtMs: Date.now(),
      durationMs: 1600,
      observedUntilMs: 1600,
      expectations: [result],
      timeline: [listen, ...leak],
      timelineSource: 'wire+poll',
      timelineDoubts: [],
      counters,
      series: {
        state: 'CLOSE-WAIT',
        role: 'server',
        points: [
          [0, 0],
          [50, 1],
        ],
      },
      error: null,
      fast: true,
      port: 8818,
      steps: [],
      events: [],
      exercise: mode === 'check' ? 'close-on-eof' : null,
      hints: mode === 'check' ? [say().hint, say().hint] : [],
      predictions: [],
      packets: [],
      packetViewMissing: null,
    } as unknown as RunReport;
    emit({ type: 'finished', report });
    return report;
  };
  return { runner, release: () => release() };
}

/**
 * renderApp for one test file: every app it renders has its runs stopped and is unmounted
 * when the file's tests end, so nothing a screen started outlives them.
 */
export function appsStoppedAfter(): (...args: Parameters<typeof renderApp>) => Promise<Harness> {
  const open: Harness[] = [];
  after(async () => {
    for (const harness of open) {
      await harness.tracker.stopAll();
      harness.unmount();
    }
  });
  return async (...args) => {
    const harness = await renderApp(...args);
    open.push(harness);
    return harness;
  };
}
