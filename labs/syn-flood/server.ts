// A healthy server: it accepts every connection at once. Its listen backlog is small (3,
// from BACKLOG) so a small flood fills its SYN queue: on Linux the same number bounds both
// the SYN queue and the accept queue.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const backlog = Number(process.env.BACKLOG ?? 3);

const server = net.createServer((conn) => {
  console.log(`server: accepted ${conn.remoteAddress}:${conn.remotePort}`);
  conn.on('error', () => {}); // a client that vanishes is not this lab's story
  conn.end('hello\n');
});

server.listen({ port, host: '127.0.0.1', backlog }, () => {
  console.log(`server: listening on 127.0.0.1:${port} with backlog ${backlog}`);
});
