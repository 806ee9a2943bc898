// An application heartbeat: send "ping", expect "pong" within 1.5 s, ping again 500 ms after
// each pong. It checks what keepalive cannot: that the program at the other end still
// answers, not just its kernel.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const INTERVAL_MS = 500;
const DEADLINE_MS = 1500;
let deadline: NodeJS.Timeout | undefined;

const conn = net.connect(port, '127.0.0.1', () => {
  console.log(`heartbeat: connected from port ${conn.localPort}; pong due within ${DEADLINE_MS} ms of each ping`);
  ping();
});

function ping() {
  conn.write('ping\n');
  deadline = setTimeout(() => {
    // The bytes were delivered (TCP would have said otherwise); nobody answered them.
    console.log(`heartbeat: no pong within ${DEADLINE_MS} ms: the server is not answering; closing`);
    conn.destroy();
  }, DEADLINE_MS);
}

conn.setEncoding('utf8');
conn.on('data', (text: string) => {
  for (const _pong of text.match(/pong\n/g) ?? []) {
    clearTimeout(deadline);
    setTimeout(ping, INTERVAL_MS);
  }
});
conn.on('error', (error: NodeJS.ErrnoException) => console.log(`heartbeat: ${error.code}`));
