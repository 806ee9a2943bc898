// Running a lab: open its sandbox, start the sampler, play the choreography, judge the
// expectations, and tear everything down whatever happens. Emits events as it goes so the
// CLI and the TUI can show the run live; returns the verdict report.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type Counters, counterDeltas, parseCounterFile } from '../../checker/counters.ts';
import { evaluate } from '../../checker/evaluate.ts';
import type { Expectation, ExpectationResult, ObserveEnv } from '../../checker/expect.ts';
import { type Packet, parseTcpdumpLine, tcpdumpArgs } from '../../checker/packets.ts';
import { Sampler } from '../../checker/sampler.ts';
import { formatCommand } from '../../checker/shell.ts';
import { formatEndpoint, type SocketRow, type TcpState } from '../../checker/socket.ts';
import { parseSsOutput } from '../../checker/ss.ts';
import { classifyByPort, type Snapshot, type Transition } from '../../checker/timeline.ts';
import { decideVerdict, type RunEvent, type RunReport, type StepRecord } from '../../checker/verdict.ts';
import { availability } from './availability.ts';
import { compileLabPrograms } from './compile.ts';
import { isLabError, LabError } from './errors.ts';
import type { Capture, Lab, LabContext, StartOptions } from './lab.ts';
import { LabProcess, type OutputLine } from './process.ts';
import { cpuTimeMs } from './procfs.ts';
import { chooseSandbox, Sandbox, type SandboxMode } from './sandbox.ts';
import { tableReader } from './table.ts';
import { findTool, installHint } from './tools.ts';

export type LabEvent =
  | { type: 'started'; lab: string; mode: 'demo' | 'check'; sandbox: SandboxMode; port: number; fast: boolean }
  | { type: 'step'; index: number; title: string; status: 'waiting' | 'running' | 'done' }
  | { type: 'sample'; snapshot: Snapshot; transitions: Transition[] }
  | { type: 'event'; event: RunEvent }
  | { type: 'expectation'; result: ExpectationResult }
  | { type: 'counters'; counters: Counters }
  | { type: 'packet'; packet: Packet }
  | { type: 'finished'; report: RunReport };

export interface RunOptions {
  mode?: 'demo' | 'check';
  /** Shrink teaching pauses tenfold (3 s → 0.3 s); kernel timers are never faked. */
  fast?: boolean;
  /** The learner's program, for check mode. */
  learnerFile?: string;
  /** Force a sandbox mode instead of the strongest available. */
  sandbox?: SandboxMode;
  signal?: AbortSignal;
  onEvent?: (event: LabEvent) => void;
  /** Step mode: resolves when the next step may start. */
  stepGate?: (step: { index: number; title: string }) => Promise<void>;
  hz?: number;
}

/** How long a program gets to start listening. */
export const LISTEN_TIMEOUT_MS = 5000;
const LEARNER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const TSX_LOADER = import.meta.resolve('tsx');

class StoppedError extends LabError {}

/** The lab's programs: those it names, and every other .ts beside its lab.ts. */
function labProgramFiles(lab: Lab): string[] {
  const named = Object.values(lab.programs).map((file) => path.resolve(lab.dir, file));
  const beside = readdirSync(lab.dir)
    .filter((file) => file.endsWith('.ts') && file !== 'lab.ts')
    .map((file) => path.join(lab.dir, file));
  return [...new Set([...named, ...beside])];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Does a listener's address accept connections to 127.0.0.1? */
function coversLoopbackV4(row: SocketRow): boolean {
  return ['0.0.0.0', '127.0.0.1', '::', '*', '::ffff:127.0.0.1'].includes(row.local.address);
}

function validateLearnerFile(file: string | undefined): string {
  if (!file) throw new LabError('check needs your program: --server <file>');
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new LabError(`${file}: no such file`);
  if (!statSync(resolved).isFile()) throw new LabError(`${file}: not a file`);
  if (!LEARNER_EXTENSIONS.includes(path.extname(resolved))) {
    throw new LabError(`${file}: expected a ${LEARNER_EXTENSIONS.join(', ')} file`);
  }
  return resolved;
}

export async function runLab(lab: Lab, options: RunOptions = {}): Promise<RunReport> {
  const mode = options.mode ?? 'demo';
  const learnerShown = options.learnerFile;
  const fast = options.fast ?? false;
  const emit = options.onEvent ?? (() => {});
  const started = performance.now();
  const clock = () => performance.now() - started;
  const results: ExpectationResult[] = [];
  const events: RunEvent[] = [];
  const steps: StepRecord[] = [];
  const processes: LabProcess[] = [];
  let sandbox: Sandbox | null = null;
  let sampler: Sampler | null = null;
  let sandboxMode: SandboxMode = options.sandbox ?? 'host';
  let port = lab.port;
  let baseline: Counters = {};
  let error: string | null = null;
  let finished = false;
  const marks = new Map<string, Counters>();
  let programs = new Map<string, string>();
  let gateWaitMs = 0;
  let gateOpenSince: number | null = null;
  const packets: Packet[] = [];
  let packetViewMissing: string | null = null;
  const startEpochMs = Date.now() - performance.now() + started;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;

  const record = (source: string, text: string) => {
    const event = { tMs: Math.round(clock()), source, text };
    events.push(event);
    emit({ type: 'event', event });
  };
  const readCounters = (): Counters => {
    if (!sandbox) return {};
    return {
      ...parseCounterFile(readFileSync(sandbox.procNet('snmp'), 'utf8')),
      ...parseCounterFile(readFileSync(sandbox.procNet('netstat'), 'utf8')),
    };
  };
  const guard = () => {
    if (finished) throw new StoppedError('the run is over');
    if (signal.aborted) throw new StoppedError('stopped');
  };

  /** Run a command inside the sandbox (tools found in /usr/sbin too); fail with its stderr. */
  const runChecked = async (argv: readonly string[]) => {
    const [file, ...args] = argv;
    const result = await (sandbox as Sandbox).run([findTool(file as string) ?? (file as string), ...args]);
    if (result.exitCode !== 0) {
      throw new LabError(`${formatCommand(argv)} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    }
    return result;
  };

  const env: ObserveEnv = {
    async ss(argv, impliedState?: TcpState) {
      // The run already checked that ss exists.
      return parseSsOutput((await runChecked(argv)).stdout, impliedState);
    },
    async counterDeltas(mark) {
      const from = mark ? marks.get(mark) : baseline;
      if (!from) throw new Error(`no counter mark named ${mark}`);
      return counterDeltas(from, readCounters());
    },
    output(role) {
      return processes.filter((p) => p.role === role).flatMap((p) => p.stdout);
    },
    latest: () => sampler?.latest ?? null,
  };

  const waitListening = async (proc: LabProcess, onPort = port, timeoutMs = LISTEN_TIMEOUT_MS) => {
    const isLearner = mode === 'check' && proc.role === lab.exercise?.role;
    const who = isLearner ? `your ${proc.role} (${learnerShown})` : `the ${proc.role}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      guard();
      const snapshot = await (sampler as Sampler).sample();
      const listeners = (snapshot?.sockets ?? []).filter((row) => row.state === 'LISTEN');
      if (listeners.some((row) => row.local.port === onPort && coversLoopbackV4(row))) return;
      if (proc.exit) {
        await proc.exited;
        const tail = proc.stderrTail(6);
        const headline = proc.stderrHeadline();
        const how = proc.exit.signal ? `was killed by ${proc.exit.signal}` : `exited with code ${proc.exit.code}`;
        throw new LabError(
          `${who} ${how} before listening on 127.0.0.1:${onPort}${headline ? `: ${headline}` : ''}${tail ? `\n${tail.replace(/^/gm, '  ')}` : ''}`,
        );
      }
      if (Date.now() >= deadline) {
        const elsewhere = listeners.map((row) => formatEndpoint(row.local));
        if (elsewhere.length > 0) {
          throw new LabError(
            `${who} listens on ${elsewhere.join(', ')}, not on 127.0.0.1:${onPort}; read the port from process.env.PORT`,
          );
        }
        const pid = proc.pid;
        const cpu = pid === null ? null : cpuTimeMs(pid);
        if (cpu !== null && cpu > timeoutMs / 2) {
          throw new LabError(
            `${who} hangs: it used ${(cpu / 1000).toFixed(1)} s of CPU in ${timeoutMs / 1000} s and never listened on 127.0.0.1:${onPort} (a busy loop before listen()?)`,
          );
        }
        throw new LabError(
          `${who} never listened on 127.0.0.1:${onPort} within ${timeoutMs / 1000} s (it is still running)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const ctx: LabContext = {
    mode,
    fast,
    get port() {
      return port;
    },
    signal,
    scale: (ms) => (fast ? Math.round(ms / 10) : ms),
    async step(title, body) {
      guard();
      const index = steps.length;
      const step: StepRecord = { title, startMs: Math.round(clock()), endMs: null };
      steps.push(step);
      if (options.stepGate) {
        emit({ type: 'step', index, title, status: 'waiting' });
        gateOpenSince = clock();
        try {
          await Promise.race([options.stepGate({ index, title }), stopped]);
        } finally {
          gateWaitMs += clock() - gateOpenSince;
          gateOpenSince = null;
        }
        step.startMs = Math.round(clock());
      }
      emit({ type: 'step', index, title, status: 'running' });
      const value = await body();
      step.endMs = Math.round(clock());
      emit({ type: 'step', index, title, status: 'done' });
      return value;
    },
    start(role, startOptions: StartOptions = {}) {
      guard();
      const isLearner = mode === 'check' && role === lab.exercise?.role && !startOptions.program;
      const program = isLearner
        ? (options.learnerFile as string)
        : path.join(lab.dir, startOptions.program ?? (lab.programs[role] as string));
      const compiled = isLearner ? undefined : programs.get(path.resolve(program));
      const runner = compiled ? [compiled] : ['--import', TSX_LOADER, path.resolve(program)];
      const child = (sandbox as Sandbox).spawn([process.execPath, ...runner, ...(startOptions.args ?? [])], {
        env: {
          PORT: String(port),
          PAUSE_MS: String(ctx.scale(3000)),
          TCPLABS_FAST: fast ? '1' : '0',
          ...startOptions.env,
        },
      });
      const proc = new LabProcess(role, child, clock, (line: OutputLine) => {
        record(role, line.stream === 'stderr' ? `(stderr) ${line.line}` : line.line);
      });
      processes.push(proc);
      return proc;
    },
    waitListening,
    async waitOutput(proc, pattern, timeoutMs = 5000) {
      guard();
      const line = await proc.waitFor(pattern, timeoutMs, signal);
      guard();
      if (line !== null) return line;
      if (proc.exit) {
        const tail = proc.stderrTail(4);
        throw new LabError(
          `the ${proc.role} exited (code ${proc.exit.code}) before printing ${pattern}${tail ? `:\n${tail.replace(/^/gm, '  ')}` : ''}`,
        );
      }
      throw new LabError(`the ${proc.role} did not print ${pattern} within ${timeoutMs} ms`);
    },
    async waitExit(proc, timeoutMs = 5000) {
      guard();
      const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
      const exit = await Promise.race([proc.exited, timer, stopped]);
      if (exit === null) throw new LabError(`the ${proc.role} did not exit within ${timeoutMs} ms`);
    },
    async pause(ms) {
      guard();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      guard();
    },
    async expect(expectation: Expectation) {
      guard();
      await sampler?.sample();
      const result = await evaluate(expectation, env, clock, signal);
      guard();
      results.push(result);
      emit({ type: 'expectation', result });
      return result;
    },
    note(text) {
      record('lab', text);
    },
    async mark(name) {
      marks.set(name, readCounters());
    },
    async sysctl(name, value) {
      guard();
      await (sandbox as Sandbox).setSysctl(name, value);
      record('lab', `sysctl ${name}=${value}`);
    },
    async sh(argv) {
      guard();
      return runChecked(argv);
    },
    async nft(ruleset) {
      const nft = findTool('nft');
      if (!nft) throw new LabError(`this lab needs nft: ${installHint('nft')}`);
      const table = `tcplabs_${Math.random().toString(36).slice(2, 8)}`;
      guard();
      const result = await (sandbox as Sandbox).run([nft, '-f', '-'], {
        input: `table inet ${table} {\n${ruleset}\n}\n`,
      });
      if (result.exitCode !== 0) throw new LabError(`nft rejected the lab's rules: ${result.stderr.trim()}`);
      record('lab', `nft: added table ${table}`);
      return async () => {
        if (finished) return;
        await ctx.sh([nft, 'delete', 'table', 'inet', table]);
        record('lab', `nft: removed table ${table}`);
      };
    },
    async capture(filter) {
      guard();
      const tcpdump = findTool('tcpdump');
      if (!tcpdump || sandboxMode === 'host') {
        const why = !tcpdump ? `tcpdump is missing: ${installHint('tcpdump')}` : 'captures need a namespace sandbox';
        if (lab.needs.tcpdump) throw new LabError(`this lab needs a packet capture: ${why}`);
        packetViewMissing = why;
        record('lab', `no packet view: ${why}`);
        return { packets: [], waitFor: async () => null, stop: async () => {} };
      }
      const [, ...args] = tcpdumpArgs(filter);
      const child = (sandbox as Sandbox).spawn([tcpdump, ...args]);
      const seen: Packet[] = [];
      const waiters = new Set<() => void>();
      let ready: () => void = () => {};
      const listening = new Promise<void>((resolve) => {
        ready = resolve;
      });
      const proc = new LabProcess('tcpdump', child, clock, (line) => {
        if (line.stream === 'stderr') {
          if (/listening on/.test(line.line)) ready();
          return;
        }
        const packet = parseTcpdumpLine(line.line, startEpochMs);
        if (!packet) return;
        seen.push(packet);
        packets.push(packet);
        emit({ type: 'packet', packet });
        for (const waiter of waiters) waiter();
      });
      await Promise.race([listening, proc.exited, stopped]);
      if (proc.exit) throw new LabError(`tcpdump failed to start: ${proc.stderrTail(3) || `exit ${proc.exit.code}`}`);
      const capture: Capture = {
        packets: seen,
        waitFor(match, timeoutMs = 5000) {
          return new Promise((resolve) => {
            const check = () => {
              const hit = seen.find(match);
              if (hit) finish(hit);
              else if (proc.exit) finish(null);
            };
            const timer = setTimeout(() => finish(null), timeoutMs);
            const finish = (value: Packet | null) => {
              clearTimeout(timer);
              waiters.delete(check);
              resolve(value);
            };
            waiters.add(check);
            check();
          });
        },
        async stop() {
          // SIGINT makes tcpdump flush what it has and exit.
          proc.kill('SIGINT');
          await proc.exited;
        },
      };
      return capture;
    },
    elapsed: clock,
  };

  let stopped: Promise<never> = new Promise<never>(() => {});
  try {
    if (mode === 'check' && !lab.exercise) {
      throw new LabError(`lab ${lab.id} has no exercise to check; exercises: close-wait-leak, close-wait-fixed`);
    }
    if (mode === 'check') options.learnerFile = validateLearnerFile(options.learnerFile);
    const choice = options.sandbox ? { mode: options.sandbox } : await chooseSandbox();
    sandboxMode = choice.mode;
    const can = availability(lab.needs, choice);
    if (!can.available) throw new LabError(`lab ${lab.id} cannot run here: ${can.why}`);
    if (!findTool('ss')) throw new LabError(`ss is missing: ${installHint('ss')}`);
    if (sandboxMode === 'host') port = await freePort();
    const [opened, compiled] = await Promise.all([
      Sandbox.open(sandboxMode, lab.needs.sysctls ?? {}),
      compileLabPrograms(labProgramFiles(lab)),
    ]);
    sandbox = opened;
    programs = compiled;
    baseline = readCounters();
    const activeSandbox = sandbox;
    const keepPort = port;
    sampler = new Sampler({
      read: tableReader(activeSandbox),
      classify: lab.classify ? lab.classify(port) : classifyByPort([port]),
      keep: sandboxMode === 'host' ? (row) => row.local.port === keepPort || row.peer.port === keepPort : undefined,
      hz: options.hz ?? 20,
      clock,
      onSnapshot: (snapshot, transitions) => emit({ type: 'sample', snapshot, transitions }),
    });
    emit({ type: 'started', lab: lab.id, mode, sandbox: sandboxMode, port, fast });
    sampler.start();
    stopped = new Promise<never>((_, reject) => {
      const fail = () => reject(new StoppedError('stopped'));
      if (signal.aborted) fail();
      signal.addEventListener('abort', fail);
    });
    stopped.catch(() => {});
    const timeoutMs = lab.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    // Time spent waiting for the instructor in step mode does not count against the lab.
    const timeout = new Promise<never>((_, reject) => {
      const check = () => {
        const left = timeoutMs - (clock() - gateWaitMs);
        if (left > 0 || gateOpenSince !== null) timer = setTimeout(check, Math.max(left, 50));
        else reject(new LabError(`the lab did not finish within ${timeoutMs / 1000} s (something hangs)`));
      };
      timer = setTimeout(check, timeoutMs);
    });
    const choreography = lab.run(ctx);
    choreography.catch(() => {});
    try {
      await Promise.race([choreography, stopped, timeout]);
    } finally {
      clearTimeout(timer);
    }
    await sampler.sample();
  } catch (caught) {
    if (caught instanceof StoppedError && options.signal?.aborted) error = 'stopped';
    else if (isLabError(caught)) error = caught.message;
    else error = `internal error: ${caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)}`;
  } finally {
    finished = true;
    stop.abort();
    sampler?.stop();
  }
  const counters = sandbox ? counterDeltas(baseline, readCounters()) : {};
  emit({ type: 'counters', counters });
  await sandbox?.close();
  const verdict = decideVerdict(results, error);
  const report: RunReport = {
    lab: lab.id,
    mode,
    verdict,
    sandbox: sandboxMode,
    durationMs: Math.round(clock()),
    expectations: results.map(({ id, text, ok, observed, command }) => ({ id, text, ok, observed, command })),
    timeline: sampler?.timeline ?? [],
    counters,
    error,
    fast,
    port,
    steps,
    events,
    hints: verdict === 'fail' && mode === 'check' ? (lab.exercise?.hints ?? []) : [],
    packets,
    packetViewMissing,
  };
  emit({ type: 'finished', report });
  return report;
}
