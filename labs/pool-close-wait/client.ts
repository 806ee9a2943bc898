// A client with a keep-alive pool (Node's http.Agent): two GETs, with a wait between them
// longer than the server's idle timeout. Four of these run in the lab, differing in one thing:
//   BUSY=1          the wait is synchronous work: the event loop is blocked;
//   AGENT_TIMEOUT_MS the pool closes a connection idle that long (http.Agent's `timeout`);
//   LOCAL_ADDRESS   the loopback address it connects from (127.0.0.x), so the lab can tell
//                   the four apart and hold back the server's FIN to one of them.
// START_CUE and AGAIN_CUE name files in TCPLABS_RUN_DIR that the lab creates to say "go";
// without them the client starts at once and waits PAUSE_MS between its requests.
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';

const port = Number(process.env.PORT ?? 8818);
const localAddress = process.env.LOCAL_ADDRESS ?? '127.0.0.1';
const busy = process.env.BUSY === '1';
const agentTimeout = Number(process.env.AGENT_TIMEOUT_MS ?? 0);
const pauseMs = Number(process.env.PAUSE_MS ?? 3000);
const cueFile = (name: string | undefined) => name && path.join(process.env.TCPLABS_RUN_DIR ?? '.', name);

const agent = new http.Agent({ keepAlive: true, ...(agentTimeout ? { timeout: agentTimeout } : {}) });
const seen = new WeakSet<Socket>();

/** Say what happens to each pooled connection while nobody uses it. */
function watch(socket: Socket): void {
  if (seen.has(socket)) return;
  seen.add(socket);
  // Read the port now: once the pool has destroyed the socket it no longer has one.
  let port = socket.localPort;
  socket.once('connect', () => {
    port = socket.localPort;
  });
  socket.on('end', () => console.log(`client: the server closed the connection from port ${port} (EOF)`));
  // The pool's timeout also fires on a slow answer; the pool closes only a socket it holds idle.
  const idle = () => Object.values(agent.freeSockets).some((free) => free?.includes(socket));
  socket.on('timeout', () => {
    if (idle()) console.log(`client: connection from port ${port} idle ${agentTimeout} ms: the pool closes it (FIN →)`);
  });
}

function get(n: number): Promise<void> {
  return new Promise((resolve) => {
    let from: number | undefined;
    const req = http.get({ host: '127.0.0.1', port, localAddress, agent, path: `/${n}` }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => {
        const how = req.reusedSocket ? 'the pooled connection' : 'a new connection';
        console.log(`client: request ${n} → ${res.statusCode} "${body.trim()}" on ${how} from port ${from}`);
        resolve();
      });
    });
    req.on('socket', (socket: Socket) => {
      // A pooled socket knows its port already; a new one once it has connected.
      if (socket.localPort) from = socket.localPort;
      else socket.once('connect', () => (from = socket.localPort));
      watch(socket);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const how = req.reusedSocket ? 'the pooled connection (reusedSocket)' : 'a new connection';
      console.log(`client: request ${n} on ${how} from port ${from}: ${error.code} (${error.message})`);
      resolve();
    });
  });
}

/** Until the lab's cue (a file), or PAUSE_MS; blocking the event loop as synchronous work would. */
async function wait(file: string | undefined, blocking: boolean): Promise<void> {
  const until = performance.now() + pauseMs;
  const cue = () => (file ? existsSync(file) : performance.now() >= until);
  if (blocking) {
    console.log('client: busy with synchronous work (the event loop is blocked)');
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    while (!cue()) Atomics.wait(sleeper, 0, 0, 5);
  } else {
    console.log('client: waiting, its event loop free');
    while (!cue()) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const start = cueFile(process.env.START_CUE);
console.log(
  `client: ready, from ${localAddress}${busy ? ', busy between requests' : ''}${agentTimeout ? `, pool idle timeout ${agentTimeout} ms` : ''}`,
);
if (start) while (!existsSync(start)) await new Promise((resolve) => setTimeout(resolve, 5));
await get(1);
await wait(cueFile(process.env.AGAIN_CUE), busy);
// The moment the wait ends, the next request: the pool hands out its idle connection if it
// still holds one, in the same turn of the event loop.
await get(2);
console.log('client: done');
process.exit(0);
