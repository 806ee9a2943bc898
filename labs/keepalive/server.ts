// The far end of a long-lived connection: it answers each "ping" line with "pong" and is
// otherwise silent. It turns on no keepalive of its own, so it only learns that a client is
// gone if that client's packets tell it.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer((conn) => {
  const peer = conn.remotePort;
  console.log(`server: accepted the connection from port ${peer}`);
  conn.setEncoding('utf8');
  conn.on('data', (text: string) => {
    for (const _ping of text.match(/ping\n/g) ?? []) conn.write('pong\n');
  });
  conn.on('error', (error: NodeJS.ErrnoException) => console.log(`server: ${error.code} from port ${peer}`));
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
