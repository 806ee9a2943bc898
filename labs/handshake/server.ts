// The seed's server, in its fixed form: it prints what it reads and closes its side once
// the client has closed (EOF). It waits for a cue before closing, so the kernel's own ACK
// of the client's FIN shows on the wire on its own, before the server's FIN: the four
// segments of the close. (Close at once instead, and the kernel usually lets that ACK ride
// on the server's FIN: three segments.)
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const finished: net.Socket[] = [];

// allowHalfOpen: true keeps our side open after EOF, so we choose when to send our FIN.
const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  console.log(`server: accepted ${conn.remoteAddress}:${conn.remotePort} (the handshake completed)`);
  conn.on('data', (data) => console.log(`server: read "${data}"`));
  conn.on('end', () => {
    // The kernel has ACKed the FIN already; until we close, our side is CLOSE-WAIT.
    console.log("server: read EOF (the client's FIN); CLOSE-WAIT until we close");
    finished.push(conn);
  });
});

// The cue to close: SIGUSR2 (the lab sends it; by hand: kill -USR2 <pid>).
process.on('SIGUSR2', () => {
  for (const conn of finished.splice(0)) conn.end();
  console.log('server: closed our side (FIN)');
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
