// Benchmark load: listen on PORT and open CONNECTIONS connections to it, so the socket
// table holds 2 × CONNECTIONS + 1 sockets on the port. Prints "ready" and holds them.
import net from 'node:net';

const port = Number(process.env.PORT ?? 0);
const connections = Number(process.env.CONNECTIONS ?? 50);
const held = [];

const server = net.createServer((socket) => held.push(socket));
server.listen({ port, host: '127.0.0.1', backlog: 4096 }, async () => {
  const { port: bound } = server.address();
  for (let opened = 0; opened < connections; ) {
    const batch = Math.min(200, connections - opened);
    await Promise.all(
      Array.from({ length: batch }, () => {
        return new Promise((resolve, reject) => {
          const socket = net.connect(bound, '127.0.0.1', () => resolve(undefined));
          socket.on('error', reject);
          held.push(socket);
        });
      }),
    );
    opened += batch;
  }
  console.log(`ready ${bound}`);
});
