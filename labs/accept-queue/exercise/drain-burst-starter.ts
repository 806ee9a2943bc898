// TASK: this server blocks its event loop in a synchronous call right after listen(), so
// nothing calls accept() and a burst of clients overflows its accept queue. Keep the wait (the
// release file stands for slow work: a big read, a parse, a lock), but make it asynchronous, so
// the loop accepts while it waits. Checked with: tcplabs check accept-queue --server FILE —
// ten clients, 100 ms apart, connect to backlog 4; all must get in with no dropped SYN
// (TcpExtListenOverflows +0, each SYN sent once) and the LISTEN Recv-Q must be back to 0.
//
// A server whose event loop gets stuck right after listen(): think of a synchronous call
// in the wrong place (a huge JSON.parse, readFileSync on a slow disk, a busy lock). While
// the loop is stuck nothing calls accept(), yet the kernel keeps completing handshakes and
// parks them in the listener's accept queue, up to its limit. When the loop is free again,
// Node accepts everything that waited.
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.PORT ?? 8818);
const backlog = Number(process.env.BACKLOG ?? 4);
// The stall lasts until this file exists (the lab creates it in its run's own folder; by
// hand: touch it).
const releaseFile = path.join(process.env.TCPLABS_RUN_DIR ?? os.tmpdir(), `unstick-${port}`);

/** Block this thread, without burning CPU, until the release file appears. */
function stuckUntilReleased(): number {
  const started = performance.now();
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(releaseFile)) Atomics.wait(nap, 0, 0, 20);
  return Math.round(performance.now() - started);
}

let accepted = 0;
const server = net.createServer((conn) => {
  const n = ++accepted;
  console.log(`server: accepted #${n} from ${conn.remoteAddress}:${conn.remotePort}`);
  conn.on('data', (data) => console.log(`server: #${n} says ${JSON.stringify(String(data).trim())}`));
  conn.on('error', (error: NodeJS.ErrnoException) => console.log(`server: #${n} ${error.code}`));
});

// backlog is listen()'s second argument; the kernel caps it at net.core.somaxconn.
server.listen({ port, host: '127.0.0.1', backlog }, () => {
  console.log(`server: listening on 127.0.0.1:${port} with backlog ${backlog}`);
  console.log(`server: event loop stuck in a synchronous call until ${releaseFile} exists`);
  const ms = stuckUntilReleased();
  console.log(`server: event loop free again after ${ms} ms; accepting what waited`);
});
