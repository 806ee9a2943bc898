// Seed 001 says a TIME-WAIT forbids a new connection between the same two ends. Here a
// server's TIME-WAIT takes one: an HTTP/1.0 request (the server closes first, so it holds
// TIME-WAIT for our address and port), then, once the lab says so, a new connection from
// the very same port to the same server.
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const port = Number(process.env.PORT ?? 8818);
const release = path.join(process.env.TCPLABS_RUN_DIR ?? '.', 'reconnect');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One HTTP/1.0 request (from `localPort` when given); resolves with the port it came from. */
function request(localPort?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let from = 0;
    const conn = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.1', localPort }, () => {
      from = conn.localPort as number;
      conn.write('GET /again HTTP/1.0\r\n\r\n');
    });
    conn.on('data', () => {});
    conn.on('error', reject);
    conn.on('close', (hadError) => hadError || resolve(from));
  });
}

/** The same, from a port this program just used; its own last ACK may still be on its way. */
async function requestFrom(localPort: number): Promise<number> {
  for (let tries = 1; ; tries++) {
    try {
      return await request(localPort);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || tries === 50) throw error;
      await sleep(20);
    }
  }
}

const first = await request();
console.log(`client: got an answer from port ${first}; the server closed first and holds TIME-WAIT for it`);
while (!existsSync(release)) await sleep(20);
const again = await requestFrom(first);
console.log(`client: connected again from port ${again} and got an answer: the TIME-WAIT let the new SYN in`);
