// What a run opens and must close: the sandbox (and with it every program, nft table and
// socket in it), the lab's compiled programs, the sampler and the capture. `close()` tears
// all of it down, whatever ended the run.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Counters, parseCounterFile } from '../../checker/counters.ts';
import { LiveTimeline } from '../../checker/live-timeline.ts';
import { Sampler } from '../../checker/sampler.ts';
import { addPoint, countInState, type Series } from '../../checker/series.ts';
import { type Classify, classifyByPort, type Transition } from '../../checker/timeline.ts';
import { noCapture, type RunCapture, startCapture } from './capture.ts';
import { compileLabPrograms } from './compile.ts';
import type { Lab } from './lab.ts';
import type { RunState } from './run-state.ts';
import { Sandbox, type SandboxMode } from './sandbox.ts';
import { tableReader } from './table.ts';
import { findTool } from './tools.ts';

export interface RunResources {
  sandbox: Sandbox;
  /** The run's own folder: the capture file, files a lab's programs share. Removed by close(). */
  runDir: string;
  sampler: Sampler;
  capture: RunCapture;
  /** How sockets are told apart (listener, server, client, attacker…). */
  classify: Classify;
  /** The timeline as it happens: wire changes as they come, poll changes the wire does not tell. */
  live: LiveTimeline;
  /** The lab's chart so far (null when it asks for none). */
  series(): Series | null;
  /** Source file → compiled JavaScript, for the lab's own programs. */
  programs: Map<string, string>;
  port: number;
  readCounters(): Counters;
  close(): Promise<Counters>;
}

/** The lab's programs: those it names, and every other .ts beside its lab.ts. */
function labProgramFiles(lab: Lab): string[] {
  const named = Object.values(lab.programs).map((program) => path.resolve(lab.dir, program.file));
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

function counterReader(sandbox: Sandbox): () => Counters {
  return () => ({
    ...parseCounterFile(readFileSync(sandbox.procNet('snmp'), 'utf8')),
    ...parseCounterFile(readFileSync(sandbox.procNet('netstat'), 'utf8')),
  });
}

interface Observers {
  classify: Classify;
  live: LiveTimeline;
  /** The lab's chart (sockets in one state over the run), when it asks for one. */
  series: Series | null;
  /** Changes the live timeline let through since the last sample, sent with the next one. */
  drain: () => Transition[];
}

/** One live timeline for the run: what each sample event carries to the CLI and the TUI. */
function observers(lab: Lab, port: number): Observers {
  const classify = lab.classify ? lab.classify(port) : classifyByPort([port]);
  let pending: Transition[] = [];
  const live = new LiveTimeline(classify, (transition) => pending.push(transition));
  const drain = () => {
    const out = pending.sort((a, b) => a.tMs - b.tMs);
    pending = [];
    return out;
  };
  const chart = lab.chart;
  const series = chart
    ? {
        state: chart.state,
        ...(chart.role ? { role: chart.role } : {}),
        ...(chart.onLabPort ? { port } : {}),
        points: [],
      }
    : null;
  return { classify, live, drain, series };
}

function makeSampler(run: RunState, sandbox: Sandbox, port: number, hz: number, seen: Observers): Sampler {
  return new Sampler({
    read: tableReader(sandbox),
    classify: seen.classify,
    // The host's table holds every socket of the machine; keep the lab's port only.
    keep: sandbox.mode === 'host' ? (row) => row.local.port === port || row.peer.port === port : undefined,
    hz,
    clock: run.clock,
    onSnapshot: (snapshot, transitions) => {
      seen.live.poll(transitions, snapshot.tMs);
      if (seen.series) seen.series = addPoint(seen.series, snapshot.tMs, countInState(snapshot.sockets, seen.series));
      run.emit({ type: 'sample', snapshot, transitions: seen.drain() });
    },
  });
}

/** Capture every segment where we can: tcpdump present and a namespace to run it in. */
async function openCapture(run: RunState, sandbox: Sandbox, live: LiveTimeline, runDir: string): Promise<RunCapture> {
  const tcpdump = findTool('tcpdump');
  if (!tcpdump || sandbox.mode === 'host') return noCapture();
  return startCapture(sandbox, {
    tcpdump,
    pcapFile: path.join(runDir, CAPTURE_FILE),
    clock: run.clock,
    startEpochMs: run.startEpochMs,
    stopped: run.stopped,
    onPacket: (packet) => {
      run.packets.push(packet);
      run.emit({ type: 'packet', packet });
      live.packet(packet, !run.dropped(packet));
    },
  });
}

/** How long opening a sandbox (starting its Node agent) takes on a typical machine, in ms. */
const TYPICAL_OPEN_MS = 250;

/** A machine that opens a sandbox N times slower gets N times the patience (at most 20). */
export function patienceFor(openMs: number): number {
  return Math.min(20, Math.max(1, openMs / TYPICAL_OPEN_MS));
}

/** The capture's name in the run's folder. */
export const CAPTURE_FILE = 'capture.pcap';

export interface OpenOptions {
  mode: SandboxMode;
  hz: number;
  /** false: no tcpdump unless the lab judges the capture (npm run bench measures its cost). */
  capture: boolean;
  /** Called with the raw capture before the run's folder is removed. */
  keepPcap?: (pcap: Buffer) => void;
}

export async function openResources(lab: Lab, run: RunState, open: OpenOptions): Promise<RunResources> {
  const { mode, hz } = open;
  const port = mode === 'host' ? await freePort() : lab.port;
  const opening = performance.now();
  const [sandbox, programs] = await Promise.all([
    Sandbox.open(mode, lab.needs.sysctls ?? {}).then((opened) => {
      run.patience = patienceFor(performance.now() - opening);
      return opened;
    }),
    compileLabPrograms(labProgramFiles(lab)),
  ]);
  const readCounters = counterReader(sandbox);
  const seen = observers(lab, port);
  const runDir = mkdtempSync(path.join(os.tmpdir(), `tcplabs-${lab.id}-`));
  let capture: RunCapture = noCapture();
  let sampler: Sampler | null = null;
  const close = async () => {
    // What happens after this (the programs killed with the sandbox) is not the lab's story.
    run.observedUntilMs ??= run.clock();
    sampler?.stop();
    await capture.stop().catch(() => {});
    const counters = readCounters();
    await sandbox.close();
    try {
      if (capture.live && open.keepPcap) open.keepPcap(readFileSync(path.join(runDir, CAPTURE_FILE)));
    } catch (error) {
      run.record('lab', `could not keep the capture: ${(error as Error).message}`);
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
    return counters;
  };
  try {
    const wanted = open.capture || Boolean(lab.needs.tcpdump);
    if (wanted) capture = await openCapture(run, sandbox, seen.live, runDir);
    sampler = makeSampler(run, sandbox, port, hz, seen);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    sandbox,
    runDir,
    sampler,
    capture,
    classify: seen.classify,
    live: seen.live,
    series: () => seen.series,
    programs,
    port,
    readCounters,
    close,
  };
}
