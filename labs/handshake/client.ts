// The seed's client: connect to :8818, write "Connect success", and close later (the seed
// sleeps 3 s; here the lab gives the cue). The client closes first, so it is the side that
// ends in TIME-WAIT.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const started = performance.now();

// connect() sends the SYN; the callback runs once the kernel completed the handshake.
const conn = net.connect(port, '127.0.0.1', () => {
  const ms = Math.round(performance.now() - started);
  console.log(`client: connected in ${ms} ms from ${conn.localAddress}:${conn.localPort}`);
  conn.write('Connect success');
});
console.log('client: connect() called (SYN sent)');

// The cue to close: SIGUSR2 (the lab sends it; by hand: kill -USR2 <pid>).
process.on('SIGUSR2', () => {
  conn.end();
  console.log('client: closed our side (FIN)');
});

conn.on('end', () => console.log("client: read EOF (the server's FIN)"));
conn.on('close', () => console.log('client: socket closed; the kernel keeps it in TIME-WAIT'));
