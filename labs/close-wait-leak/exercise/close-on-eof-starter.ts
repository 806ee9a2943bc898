// TASK: this server leaks a CLOSE-WAIT socket for every client that hangs up. Make it close
// its side of the connection within 1 s of reading the client's EOF.
//
// Check it with: npx tcplabs check close-wait-leak --server <this file>
// The kit plays the seed's client (dial, write "Connect success", wait, close) against your
// server and asks the kernel: no server-side socket on the port may stay CLOSE-WAIT for more
// than 1 s after the client's FIN, and the client (the active closer) must end in TIME-WAIT,
// which it only reaches once your FIN arrives.
//
// The server, as the lab runs it: the seed's leaking Go server (001), in Node. With
// allowHalfOpen: true Node no longer ends the socket when it reads EOF; that is up to us.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (chunk) => console.log(`server: read "${chunk}"`));
  // EOF: the client sent FIN, the kernel ACKed it, and this socket is CLOSE-WAIT until we
  // close it. Nothing here closes it.
  conn.on('end', () => console.log('server: read EOF, and ignored it'));
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
