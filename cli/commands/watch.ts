// `tcplabs watch --port <n>`: the host's sockets on a port. --once prints a census by state
// (from one `ss` run the kernel filters by port); otherwise a live timeline of transitions
// until Ctrl-C, then the census again.

import { readFileSync } from 'node:fs';
import {
  type Census,
  censusSocket,
  countByState,
  countStatesInSsOutput,
  portFilterArgs,
  touchesPort,
} from '../../checker/census.ts';
import { parseProcNetTcp } from '../../checker/procnet.ts';
import { Sampler } from '../../checker/sampler.ts';
import { formatCommand } from '../../checker/shell.ts';
import type { SocketRow } from '../../checker/socket.ts';
import { parseSsOutput } from '../../checker/ss.ts';
import { classifyByPort } from '../../checker/timeline.ts';
import { LabError } from '../../labs/kit/errors.ts';
import { runQuiet } from '../../labs/kit/exec.ts';
import { findTool, installHint } from '../../labs/kit/tools.ts';
import type { CommandIo } from '../io.ts';
import { formatMs, formatTransition } from '../text-report.ts';

export interface WatchOptions {
  port: number;
  once: boolean;
  intervalMs: number;
  processes?: boolean;
}

/** One `ss` run, filtered by the kernel to the port: its raw output. */
async function listPort(port: number, withProcesses = false): Promise<string> {
  const ss = findTool('ss');
  if (!ss) throw new LabError(`ss is missing: ${installHint('ss')}`);
  const [, ...args] = portFilterArgs(port, withProcesses);
  const result = await runQuiet(ss, args, { maxBuffer: 512 * 1024 * 1024 });
  if (result.exitCode !== 0) throw new LabError(`ss failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Every socket on the port, parsed into rows (for --json, which lists them). */
export async function readPortSockets(port: number, withProcesses = false): Promise<SocketRow[]> {
  return parseSsOutput(await listPort(port, withProcesses));
}

/** The census by state: what `watch --once` prints, without parsing every field. */
export async function takeCensus(port: number): Promise<Census> {
  return countStatesInSsOutput(await listPort(port));
}

function formatCensus(census: Census): string {
  const entries = Object.entries(census).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '  (no sockets)';
  return entries.map(([state, n]) => `  ${state.padEnd(12)} ${n}`).join('\n');
}

function readHostTable(): SocketRow[] {
  return [
    ...parseProcNetTcp(readFileSync('/proc/net/tcp', 'utf8'), 4),
    ...parseProcNetTcp(readFileSync('/proc/net/tcp6', 'utf8'), 6),
  ];
}

export async function watchCommand(options: WatchOptions, io: CommandIo): Promise<number> {
  if (process.platform !== 'linux') throw new LabError(`watch needs Linux; this is ${process.platform}`);
  if (options.once && io.json) {
    const rows = await readPortSockets(options.port, options.processes);
    io.out(
      JSON.stringify({ port: options.port, census: countByState(rows), sockets: rows.map(censusSocket) }, null, 2),
    );
    return 0;
  }
  const census = await takeCensus(options.port);
  const total = Object.values(census).reduce((sum, n) => sum + n, 0);
  if (options.once) {
    io.out(io.paint('bold', `TCP sockets with port ${options.port} at either end: ${total}`));
    io.out(formatCensus(census));
    io.out(io.paint('dim', `see it yourself: ${formatCommand(portFilterArgs(options.port))}`));
    return 0;
  }
  if (!io.json) {
    io.out(io.paint('bold', `Watching port ${options.port} (Ctrl-C to stop). Now:`));
    io.out(formatCensus(census));
  }
  const started = performance.now();
  let primed = false;
  const sampler = new Sampler({
    read: readHostTable,
    keep: touchesPort(options.port),
    classify: classifyByPort([options.port]),
    hz: 1000 / options.intervalMs,
    clock: () => performance.now() - started,
    onSnapshot: (_snapshot, transitions) => {
      // The first sample is the starting point, not a burst of "new" sockets.
      if (!primed) {
        primed = true;
        return;
      }
      for (const t of transitions) {
        if (io.json) io.out(JSON.stringify(t));
        else io.out(`${io.paint('dim', formatMs(t.tMs))} ${formatTransition(t)}`);
      }
    },
  });
  sampler.start();
  await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
  sampler.stop();
  if (!io.json) {
    io.out(io.paint('bold', '\nAt the end:'));
    io.out(formatCensus(await takeCensus(options.port)));
  }
  return 0;
}
