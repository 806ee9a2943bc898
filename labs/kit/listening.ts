// Waiting for a program to listen, and saying precisely why it did not: it crashed (with its
// error), it listens elsewhere (read PORT), it spins (CPU time), or it just never listened.

import type { Sampler } from '../../checker/sampler.ts';
import { formatEndpoint, type SocketRow } from '../../checker/socket.ts';
import { LabError } from './errors.ts';
import type { LabProcess } from './process.ts';
import { cpuTimeMs } from './procfs.ts';
import { kitWords } from './words.ts';

/** How long a program gets to start listening. */
export const LISTEN_TIMEOUT_MS = 5000;

/** Does a listener's address accept connections to 127.0.0.1? */
function coversLoopbackV4(row: SocketRow): boolean {
  return ['0.0.0.0', '127.0.0.1', '::', '*', '::ffff:127.0.0.1'].includes(row.local.address);
}

export interface ListenWait {
  sampler: Sampler;
  /** "the server", or "your server (./mine.ts)". */
  who: string;
  port: number;
  timeoutMs: number;
  /** Throws when the run is stopped or over. */
  guard: () => void;
}

export async function waitListening(proc: LabProcess, wait: ListenWait): Promise<void> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    wait.guard();
    const snapshot = await wait.sampler.sample();
    const listeners = (snapshot?.sockets ?? []).filter((row) => row.state === 'LISTEN');
    if (listeners.some((row) => row.local.port === wait.port && coversLoopbackV4(row))) return;
    if (proc.exit) throw await exitedBeforeListening(proc, wait);
    if (Date.now() >= deadline) throw neverListened(proc, wait, listeners);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function exitedBeforeListening(proc: LabProcess, wait: ListenWait): Promise<LabError> {
  await proc.exited;
  const tail = proc.stderrTail(6);
  const headline = proc.stderrHeadline();
  const { who, port } = wait;
  const how = proc.exit?.signal
    ? kitWords('listen.killed', { who, port, signal: proc.exit.signal })
    : kitWords('listen.exited', { who, port, code: `${proc.exit?.code}` });
  return new LabError(`${how}${headline ? `: ${headline}` : ''}${tail ? `\n${tail.replace(/^/gm, '  ')}` : ''}`);
}

function neverListened(proc: LabProcess, wait: ListenWait, listeners: readonly SocketRow[]): LabError {
  const { who, port, timeoutMs } = wait;
  const elsewhere = listeners.map((row) => formatEndpoint(row.local));
  if (elsewhere.length > 0) {
    return new LabError(kitWords('listen.elsewhere', { who, port, where: elsewhere.join(', ') }));
  }
  const cpu = proc.pid === null ? null : cpuTimeMs(proc.pid);
  // Half the base wait in CPU: a busy loop reaches it even on a loaded machine, a stuck await never.
  if (cpu !== null && cpu > LISTEN_TIMEOUT_MS / 2) {
    return new LabError(kitWords('listen.hangs', { who, port, cpu: (cpu / 1000).toFixed(1), s: timeoutMs / 1000 }));
  }
  return new LabError(kitWords('listen.never', { who, port, s: timeoutMs / 1000 }));
}
