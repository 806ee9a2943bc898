// The run's packet capture: one tcpdump on the sandbox's loopback for the whole run, started
// before the first step and stopped by the run, whatever ends it. Labs read `ctx.capture`;
// none starts or stops a tcpdump of its own.

import { type Packet, parseTcpdumpLine, tcpdumpArgs } from '../../checker/packets.ts';
import { LabError } from './errors.ts';
import type { Capture } from './lab.ts';
import { LabProcess } from './process.ts';
import type { Sandbox } from './sandbox.ts';
import { kitWords } from './words.ts';

export interface RunCapture extends Capture {
  /** Stop tcpdump; resolves once it has flushed what it saw and exited. */
  stop(): Promise<void>;
}

/** No capture here (no tcpdump, or the host sandbox): nothing is ever seen. */
export function noCapture(): RunCapture {
  return { live: false, packets: [], until: async (ready) => ready([]), stop: async () => {} };
}

export interface CaptureOptions {
  tcpdump: string;
  /** Where tcpdump also writes the raw capture, for Wireshark (`--pcap`, the TUI's `w`). */
  pcapFile: string;
  clock: () => number;
  /** Wall-clock time of the run's start, to put tcpdump's timestamps on the run's clock. */
  startEpochMs: number;
  onPacket: (packet: Packet) => void;
  /** Resolves (never) or rejects when the run is stopped. */
  stopped: Promise<never>;
}

export async function startCapture(sandbox: Sandbox, options: CaptureOptions): Promise<RunCapture> {
  // -w keeps every segment for Wireshark, --print still prints each one for us; run as root
  // (netns mode) tcpdump would switch to its own user, which cannot write the run's folder.
  const [, ...flags] = tcpdumpArgs([]);
  const keep = ['-U', '-w', options.pcapFile, '--print', ...(process.getuid?.() === 0 ? ['-Z', 'root'] : [])];
  const child = sandbox.spawn([options.tcpdump, ...flags, ...keep, 'tcp']);
  const packets: Packet[] = [];
  const waiters = new Set<() => void>();
  let ready: () => void = () => {};
  const listening = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const proc = new LabProcess('tcpdump', child, options.clock, (line) => {
    if (line.stream === 'stderr') {
      if (/listening on/.test(line.line)) ready();
      return;
    }
    const packet = parseTcpdumpLine(line.line, options.startEpochMs);
    if (!packet) return;
    packets.push(packet);
    options.onPacket(packet);
    for (const waiter of waiters) waiter();
  });
  await Promise.race([listening, proc.exited, options.stopped]);
  if (proc.exit)
    throw new LabError(kitWords('capture.failed', { why: proc.stderrTail(3) || `exit ${proc.exit.code}` }));
  return {
    live: true,
    packets,
    until: (test, timeoutMs) => waitUntil(packets, waiters, proc, test, timeoutMs),
    async stop() {
      // SIGINT makes tcpdump flush what it has and exit.
      proc.kill('SIGINT');
      await proc.exited;
    },
  };
}

function waitUntil(
  packets: readonly Packet[],
  waiters: Set<() => void>,
  proc: LabProcess,
  test: (packets: readonly Packet[]) => boolean,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const check = () => {
      if (test(packets)) finish(true);
      else if (proc.exit) finish(false);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const finish = (value: boolean) => {
      clearTimeout(timer);
      waiters.delete(check);
      resolve(value);
    };
    waiters.add(check);
    check();
  });
}
