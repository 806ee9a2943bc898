// A healthy server behind a firewall that drops SYNs. It listens and would accept at once,
// but no SYN ever reaches its listening socket: the drop happens before TCP sees the packet.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer((conn) => {
  console.log(`server: accepted ${conn.remoteAddress}:${conn.remotePort}`);
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
