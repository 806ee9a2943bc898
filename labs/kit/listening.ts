// Waiting for a program to listen, and saying precisely why it did not: it crashed (with its
// error), it listens elsewhere (read PORT), it spins (CPU time), or it just never listened.

import type { Sampler } from '../../checker/sampler.ts';
import { formatEndpoint, type SocketRow } from '../../checker/socket.ts';
import { LabError } from './errors.ts';
import type { LabProcess } from './process.ts';
import { cpuTimeMs } from './procfs.ts';

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
  const how = proc.exit?.signal ? `was killed by ${proc.exit.signal}` : `exited with code ${proc.exit?.code}`;
  return new LabError(
    `${wait.who} ${how} before listening on 127.0.0.1:${wait.port}${headline ? `: ${headline}` : ''}${tail ? `\n${tail.replace(/^/gm, '  ')}` : ''}`,
  );
}

function neverListened(proc: LabProcess, wait: ListenWait, listeners: readonly SocketRow[]): LabError {
  const { who, port, timeoutMs } = wait;
  const elsewhere = listeners.map((row) => formatEndpoint(row.local));
  if (elsewhere.length > 0) {
    return new LabError(
      `${who} listens on ${elsewhere.join(', ')}, not on 127.0.0.1:${port}; read the port from process.env.PORT`,
    );
  }
  const cpu = proc.pid === null ? null : cpuTimeMs(proc.pid);
  if (cpu !== null && cpu > timeoutMs / 2) {
    return new LabError(
      `${who} hangs: it used ${(cpu / 1000).toFixed(1)} s of CPU in ${timeoutMs / 1000} s and never listened on 127.0.0.1:${port} (a busy loop before listen()?)`,
    );
  }
  return new LabError(`${who} never listened on 127.0.0.1:${port} within ${timeoutMs / 1000} s (it is still running)`);
}
