// TASK: the client sends its request and its FIN together ("that is my whole request"), and
// then only reads. This server means to answer with 5 chunks of 1000 bytes after that FIN,
// but only the first chunk ever arrives. Make it send all 5000 bytes after the client's FIN,
// then close its side.
//
// Check it with: npx tcplabs check half-close --server <this file>
// The kit's client half-closes and counts what it reads. The kernel must show: 5000 bytes
// from your server after the client's FIN, all of them read by the client in FIN-WAIT-2,
// then your FIN (the client ends in TIME-WAIT and your socket leaves CLOSE-WAIT).
//
// The server, as the lab runs it (Node's default, allowHalfOpen: false):
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const pauseMs = Number(process.env.PAUSE_MS ?? 3000);
const CHUNKS = 5;
const CHUNK = 'x'.repeat(1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true once the kernel took the data, false when Node refused the write. */
function send(conn: net.Socket, data: string): Promise<boolean> {
  return new Promise((resolve) => {
    conn.write(data, (error) => {
      if (error) console.log(`server: a write after the client's FIN failed: ${error.message}`);
      resolve(!error);
    });
  });
}

const server = net.createServer((conn) => {
  conn.on('data', (request) => console.log(`server: read "${request}"`));
  conn.on('error', () => {});
  conn.on('end', async () => {
    console.log('server: read EOF (client FIN); still sending');
    for (let i = 1; i <= CHUNKS; i++) {
      if (!(await send(conn, CHUNK))) break;
      console.log(`server: sent chunk ${i}/${CHUNKS}`);
      await sleep(pauseMs / CHUNKS);
    }
  });
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
