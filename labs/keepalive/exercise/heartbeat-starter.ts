// TASK: this client pings its server every 500 ms and prints the pongs, but it never notices
// when they stop: if the server's process hangs, its kernel still ACKs every ping (and every
// keepalive probe), so TCP reports nothing wrong. Make the client close the connection
// within 5 s once the server stops answering, and keep it open while the pongs come.
//
// Check it with: npx tcplabs check keepalive --client <this file> --exercise heartbeat
// The kit's server answers each "ping\n" with "pong\n". Your client must connect (and print a
// line with "connected", as below), get at least 3 pongs, and still be ESTAB 4 s later. Then
// the kit freezes the server process (SIGSTOP): within 5 s your client must close its
// connection (the kit looks for its FIN or RST on the wire).
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const INTERVAL_MS = 500;
let pongs = 0;

const conn = net.connect(port, '127.0.0.1', () => {
  console.log(`heartbeat: connected from port ${conn.localPort}; ping every ${INTERVAL_MS} ms`);
  conn.setKeepAlive(true, 1000); // keepalive sees the server's kernel, not the server
  ping();
});

function ping() {
  conn.write('ping\n');
}

conn.setEncoding('utf8');
conn.on('data', (text: string) => {
  for (const _pong of text.match(/pong\n/g) ?? []) {
    pongs++;
    if (pongs === 1) console.log('heartbeat: first pong');
    setTimeout(ping, INTERVAL_MS);
  }
});
conn.on('error', (error: NodeJS.ErrnoException) => console.log(`heartbeat: ${error.code}`));
