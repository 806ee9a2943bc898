// A server that keeps talking after the client's FIN. The FIN only says "I will send no
// more"; the client can still read, so this server sends its whole answer, then closes.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const pauseMs = Number(process.env.PAUSE_MS ?? 3000);
const CHUNKS = 5;
const CHUNK = 'x'.repeat(1000);

// allowHalfOpen: true lets us keep our side open after reading EOF.
const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (request) => console.log(`server: read "${request}"`));
  conn.on('end', async () => {
    console.log('server: read EOF (client FIN); still sending');
    for (let i = 1; i <= CHUNKS; i++) {
      conn.write(CHUNK);
      console.log(`server: sent chunk ${i}/${CHUNKS}`);
      await new Promise((resolve) => setTimeout(resolve, pauseMs / CHUNKS));
    }
    conn.end();
    console.log('server: all sent, called end() (FIN)');
  });
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
