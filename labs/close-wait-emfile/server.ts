// A small service with the seed's bug (001): it answers every request, but when a client
// hangs up it never closes its side. Each client leaves one CLOSE-WAIT socket behind, and
// with it one file descriptor, for as long as the process lives.
//
// allowHalfOpen: true is what lets the bug through: Node then no longer ends a socket by
// itself when it reads EOF (node:http and proxies run that way, to finish a reply after the
// client's FIN). The seed's Go server never checks Read's error, which comes to the same.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
let accepted = 0;

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  const n = ++accepted;
  console.log(`server: connection ${n} from port ${conn.remotePort}`);
  conn.on('data', (request) => conn.write(`ok, ${request}`));
  // EOF: the client sent FIN, the kernel ACKed it, this socket is CLOSE-WAIT. Nothing closes it.
  conn.on('end', () => console.log(`server: connection ${n} hung up (EOF); ignored`));
});

// Out of file descriptors, Node says nothing here: libuv accepts and closes for it (LESSON.md).
server.on('error', (error) => console.log(`server: error ${error.message}`));
server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port} (pid ${process.pid})`));
