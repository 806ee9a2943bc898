// TASK: this service answers every request but never closes a connection whose client hung
// up, so each client leaves a CLOSE-WAIT socket and a file descriptor behind. Make it serve
// 500 clients with an open-file limit of 64.
//
// Check it with: npx tcplabs check close-wait-emfile --server <this file>
// The kit starts your file with PORT set, lowers its limit (prlimit --nofile=64:64), then
// sends 500 clients, 4 at a time; each writes one line, waits for one line back and hangs up.
// It passes when every client got its answer, no server socket is left in CLOSE-WAIT, and
// the kernel reset no connection.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
let accepted = 0;

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  const n = ++accepted;
  console.log(`server: connection ${n} from port ${conn.remotePort}`);
  conn.on('data', (request) => conn.write(`ok, ${request}`));
  // EOF: the client sent FIN and this socket is CLOSE-WAIT. Nothing here closes it.
  conn.on('end', () => console.log(`server: connection ${n} hung up (EOF); ignored`));
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
