// The LabContext a plan's actions use, and the ObserveEnv its expectations see. Both are made
// once the run's resources are open, so neither ever holds a sandbox that may not exist.

import path from 'node:path';
import { counterDeltas } from '../../checker/counters.ts';
import { evaluate } from '../../checker/evaluate.ts';
import type { ObserveEnv } from '../../checker/expect.ts';
import { parseDropRules } from '../../checker/nft-rules.ts';
import { formatCommand } from '../../checker/shell.ts';
import type { TcpState } from '../../checker/socket.ts';
import { parseSsOutput } from '../../checker/ss.ts';
import { LabError } from './errors.ts';
import type { Exercise, Lab, LabContext } from './lab.ts';
import { LISTEN_TIMEOUT_MS, waitListening } from './listening.ts';
import { LabProcess, type OutputLine } from './process.ts';
import type { RunResources } from './resources.ts';
import type { RunState } from './run-state.ts';
import { findTool, installHint } from './tools.ts';
import { kitWords } from './words.ts';

const TSX_LOADER = import.meta.resolve('tsx');

export interface ContextOptions {
  lab: Lab;
  mode: 'demo' | 'check';
  fast: boolean;
  /** The learner's file (absolute), in check mode. */
  learnerFile: string | null;
  /** As the learner typed it, for messages. */
  learnerShown: string | null;
  /** In check mode, the exercise whose role the learner's file plays. */
  exercise: Exercise | null;
}

export function scaleFor(fast: boolean): (ms: number) => number {
  return (ms) => (fast ? Math.round(ms / 10) : ms);
}

/** Run a command inside the sandbox (tools found in /usr/sbin too); fail with its stderr. */
function commandRunner(res: RunResources, run: RunState) {
  return async (argv: readonly string[]) => {
    run.guard();
    const [file, ...args] = argv;
    // A command gets 10 s, stretched on a slow machine (an nft load took 58 s under emulation).
    const timeoutMs = run.patient(10_000);
    const result = await res.sandbox.run([findTool(file as string) ?? (file as string), ...args], { timeoutMs });
    if (result.exitCode !== 0) {
      const why = result.stderr.trim() || `exit ${result.exitCode}`;
      throw new LabError(kitWords('command.failed', { command: formatCommand(argv), why }));
    }
    return result;
  };
}

export function observeEnv(res: RunResources, run: RunState, baseline: () => Record<string, number>): ObserveEnv {
  const sh = commandRunner(res, run);
  return {
    // The run already checked that ss exists.
    ss: async (argv, impliedState?: TcpState) => parseSsOutput((await sh(argv)).stdout, impliedState),
    async counterDeltas(mark) {
      const from = mark ? run.marks.get(mark) : baseline();
      if (!from) throw new Error(`no counter mark named ${mark}`);
      return counterDeltas(from, res.readCounters());
    },
    output: (role) => run.processes.filter((p) => p.role === role).flatMap((p) => p.stdout),
    latest: () => res.sampler.latest,
    run: sh,
    readSysctl: (name) => res.sandbox.readSysctl(name),
    packets: () => res.capture.packets,
  };
}

function programArgv(res: RunResources, options: ContextOptions, role: string): string[] {
  const { lab } = options;
  const isLearner = role === options.exercise?.role;
  const program = lab.programs[role];
  if (!isLearner && !program) {
    throw new Error(`lab ${lab.id} starts "${role}", which its programs do not name`);
  }
  const file = isLearner ? (options.learnerFile as string) : path.resolve(lab.dir, program?.file as string);
  const compiled = isLearner ? undefined : res.programs.get(file);
  return [process.execPath, ...(compiled ? [compiled] : ['--import', TSX_LOADER, file])];
}

type ProcessActions = Pick<LabContext, 'start' | 'proc' | 'waitListening' | 'waitOutput' | 'waitExit'>;

/** Starting the lab's programs and waiting on them; errors name the learner's file. */
function processActions(res: RunResources, run: RunState, options: ContextOptions): ProcessActions {
  const { lab, fast } = options;
  const { patient } = run;
  const who = (role: string) =>
    role === options.exercise?.role
      ? kitWords('who.yours', { role, file: options.learnerShown ?? '' })
      : kitWords('who.ours', { role });
  return {
    start(role, startOptions = {}) {
      run.guard();
      const argv = [...programArgv(res, options, role), ...(startOptions.args ?? [])];
      const env = {
        PORT: String(res.port),
        PAUSE_MS: String(scaleFor(fast)(3000)),
        TCPLABS_FAST: fast ? '1' : '0',
        TCPLABS_RUN_DIR: res.runDir,
      };
      const child = res.sandbox.spawn(argv, { env: { ...env, ...startOptions.env } });
      const proc = new LabProcess(role, child, run.clock, (line: OutputLine) => {
        run.record(role, line.stream === 'stderr' ? `(stderr) ${line.line}` : line.line);
      });
      run.processes.push(proc);
      return proc;
    },
    proc(role) {
      const proc = run.processes.findLast((p) => p.role === role);
      if (!proc) throw new Error(`lab ${lab.id} uses the ${role} before starting it`);
      return proc;
    },
    waitListening: (proc, port = res.port, timeoutMs = LISTEN_TIMEOUT_MS) =>
      waitListening(proc, {
        sampler: res.sampler,
        who: who(proc.role),
        port,
        timeoutMs: patient(timeoutMs),
        guard: run.guard,
      }),
    async waitOutput(proc, pattern, given = 5000) {
      const timeoutMs = patient(given);
      run.guard();
      const line = await proc.waitFor(pattern, timeoutMs, run.signal);
      run.guard();
      if (line !== null) return line;
      if (proc.exit) {
        const tail = proc.stderrTail(4);
        const head = kitWords('proc.exitedBeforePrinting', {
          who: who(proc.role),
          code: `${proc.exit.code}`,
          pattern: `${pattern}`,
        });
        throw new LabError(`${head}${tail ? `:\n${tail.replace(/^/gm, '  ')}` : ''}`);
      }
      throw new LabError(kitWords('proc.didNotPrint', { who: who(proc.role), pattern: `${pattern}`, ms: timeoutMs }));
    },
    async waitExit(proc, given = 5000) {
      const timeoutMs = patient(given);
      run.guard();
      const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
      const exit = await Promise.race([proc.exited, timer, run.stopped]);
      if (exit === null) throw new LabError(kitWords('proc.didNotExit', { who: who(proc.role), ms: timeoutMs }));
    },
  };
}

type KernelActions = Pick<LabContext, 'mark' | 'sysctl' | 'readSysctl' | 'sh' | 'nft' | 'dropNft'>;

/** What a lab changes or reads in its sandbox's kernel: counters, sysctls, nft tables. */
function kernelActions(res: RunResources, run: RunState, lab: Lab): KernelActions {
  const sh = commandRunner(res, run);
  return {
    async mark(name) {
      run.marks.set(name, res.readCounters());
    },
    async sysctl(name, value) {
      run.guard();
      await res.sandbox.setSysctl(name, value);
      run.record('lab', `sysctl ${name}=${value}`);
    },
    readSysctl: (name) => res.sandbox.readSysctl(name),
    sh,
    async nft(name, ruleset) {
      const nft = findTool('nft');
      if (!nft) throw new LabError(kitWords('nft.missing', { fix: installHint('nft') }));
      run.guard();
      // The kit must know what each rule drops, or the timeline would take dropped segments
      // for delivered ones; a rule it cannot read is the lab's bug, caught here.
      const rules = parseDropRules(ruleset);
      const fromMs = run.clock();
      // The table dies with the sandbox's network namespace; dropNft removes it sooner.
      const input = `table inet ${name} {\n${ruleset}\n}\n`;
      const result = await res.sandbox.run([nft, '-f', '-'], { input, timeoutMs: run.patient(10_000) });
      if (result.exitCode !== 0) throw new LabError(kitWords('nft.rejected', { why: result.stderr.trim() }));
      run.nftTables.push({ name, rules, fromMs, untilMs: null });
      run.record('lab', `nft: added table ${name}`);
    },
    async dropNft(name) {
      const table = run.nftTables.find((t) => t.name === name && t.untilMs === null);
      if (!table) throw new Error(`lab ${lab.id} drops nft table ${name}, which it never added`);
      await sh([findTool('nft') as string, 'delete', 'table', 'inet', name]);
      table.untilMs = run.clock();
      run.record('lab', `nft: removed table ${name}`);
    },
  };
}

export function makeContext(res: RunResources, run: RunState, options: ContextOptions, env: ObserveEnv): LabContext {
  return {
    mode: options.mode,
    fast: options.fast,
    port: res.port,
    signal: run.signal,
    capture: res.capture,
    runDir: res.runDir,
    scale: scaleFor(options.fast),
    ...processActions(res, run, options),
    ...kernelActions(res, run, options.lab),
    async waitCapture(what, ready, given) {
      const timeoutMs = run.patient(given);
      run.guard();
      if (!res.capture.live) throw new LabError(kitWords('capture.needed', { what }));
      const seen = await Promise.race([res.capture.until(ready, timeoutMs), run.stopped]);
      if (!seen) throw new LabError(kitWords('capture.sawNo', { what, s: timeoutMs / 1000 }));
    },
    async pause(ms) {
      run.guard();
      await run.sleep(ms);
      run.guard();
    },
    async expect(expectation) {
      run.guard();
      await res.sampler.sample();
      const result = await evaluate(expectation, env, run.clock, run.signal);
      run.guard();
      run.results.push(result);
      run.emit({ type: 'expectation', result });
      return result;
    },
    note: (text) => run.record('lab', text),
    elapsed: run.clock,
  };
}
