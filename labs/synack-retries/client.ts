// A client that connects early and speaks later, like a connection pool warming up. Its
// connect() succeeds as soon as the SYN/ACK arrives: from its side the handshake is over,
// whatever became of its final ACK.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const conn = net.connect(port, '127.0.0.1', () => {
  console.log(`client: connected from port ${conn.localPort} (our kernel got the SYN/ACK and sent the ACK)`);
});

// The cue to send the first request: SIGUSR1 (the lab sends it; by hand: kill -USR1 <pid>).
process.on('SIGUSR1', () => {
  conn.write('first request');
  console.log('client: sent the first request');
});

conn.on('data', (data) => console.log(`client: read "${data}"`));
// If the server gave up on the handshake, it has no such connection and answers with RST.
conn.on('error', (error: NodeJS.ErrnoException) => console.log(`client: ${error.code} (${error.message})`));
