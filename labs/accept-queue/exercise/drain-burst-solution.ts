// A solution: the same server, but its wait for the release file (the stand-in for slow
// work) is asynchronous. Between two looks at the file the event loop runs, and Node accepts
// each connection as soon as the kernel completes it, so the accept queue never fills.
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const port = Number(process.env.PORT ?? 8818);
const backlog = Number(process.env.BACKLOG ?? 4);
const releaseFile = path.join(process.env.TCPLABS_RUN_DIR ?? os.tmpdir(), `unstick-${port}`);

/** Wait for the release file without holding the thread: each await lets the loop accept. */
async function slowWorkUntilReleased(): Promise<number> {
  const started = performance.now();
  while (!existsSync(releaseFile)) await sleep(20);
  return Math.round(performance.now() - started);
}

let accepted = 0;
const server = net.createServer((conn) => {
  const n = ++accepted;
  console.log(`server: accepted #${n} from ${conn.remoteAddress}:${conn.remotePort}`);
  conn.on('data', (data) => console.log(`server: #${n} says ${JSON.stringify(String(data).trim())}`));
  conn.on('error', (error: NodeJS.ErrnoException) => console.log(`server: #${n} ${error.code}`));
});

server.listen({ port, host: '127.0.0.1', backlog }, async () => {
  console.log(`server: listening on 127.0.0.1:${port} with backlog ${backlog}`);
  console.log('server: slow work started, off the event loop');
  const ms = await slowWorkUntilReleased();
  console.log(`server: slow work done after ${ms} ms`);
});
