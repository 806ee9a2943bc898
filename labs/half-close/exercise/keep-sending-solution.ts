// A solution to keep-sending: allowHalfOpen: true keeps our side open after the client's
// EOF, so the whole answer goes out; then end() sends our FIN.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const pauseMs = Number(process.env.PAUSE_MS ?? 3000);
const CHUNKS = 5;
const CHUNK = 'x'.repeat(1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (request) => console.log(`server: read "${request}"`));
  conn.on('end', async () => {
    console.log('server: read EOF (client FIN); still sending');
    for (let i = 1; i <= CHUNKS; i++) {
      conn.write(CHUNK);
      console.log(`server: sent chunk ${i}/${CHUNKS}`);
      await sleep(pauseMs / CHUNKS);
    }
    // The answer is complete: now our FIN. Without this the socket stays CLOSE-WAIT.
    conn.end();
    console.log('server: all sent, called end() (FIN)');
  });
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
