// The half-close server with Node's default, allowHalfOpen: false. When Node reads the
// client's EOF it ends our side as well, as soon as the 'end' handlers have run. What we
// wrote before that is flushed and delivered, then our FIN; every later write fails.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8819);
const pauseMs = Number(process.env.PAUSE_MS ?? 3000);
const CHUNKS = 5;
const CHUNK = 'x'.repeat(1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true once the kernel took the data, false when Node refused the write. */
function send(conn: net.Socket, data: string): Promise<boolean> {
  return new Promise((resolve) => {
    conn.write(data, (error) => {
      if (error)
        console.log(
          `server: a write after the client's FIN failed: ${(error as NodeJS.ErrnoException).code} ${error.message}`,
        );
      resolve(!error);
    });
  });
}

const server = net.createServer((conn) => {
  conn.on('data', (request) => console.log(`server: read "${request}"`));
  // The failed write reports its error through its callback; Node also destroys the socket.
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
