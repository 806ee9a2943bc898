// An ordinary server. accept() only hands it connections whose handshake completed: while
// the client's final ACK is lost, the kernel holds a half-open request (SYN-RECV) that this
// program never sees, and never will if the kernel gives up on it.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer((conn) => {
  console.log(`server: accepted ${conn.remoteAddress}:${conn.remotePort}`);
  conn.on('data', (data) => console.log(`server: read "${data}"`));
  conn.on('error', (error: NodeJS.ErrnoException) => console.log(`server: ${error.code}`));
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
