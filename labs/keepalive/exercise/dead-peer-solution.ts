// An idle client whose kernel finds a vanished server: keepalive with an idle time of its own.
// setKeepAlive(true, 1000) sets TCP_KEEPIDLE=1 on the socket, and libuv adds TCP_KEEPINTVL=1
// and TCP_KEEPCNT=10: a dead peer is found 1 + 10 × 1 = 11 s after it last answered, whatever
// the sysctls say. A live peer answers every probe, so a healthy idle connection stays open.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const IDLE_MS = 1000; // Node rounds down to whole seconds: less than 1000 would mean "the sysctl"
let connectedAt = 0;

const conn = net.connect(port, '127.0.0.1', () => {
  connectedAt = performance.now();
  conn.setKeepAlive(true, IDLE_MS);
  console.log(`client: connected from port ${conn.localPort}; keepalive after ${IDLE_MS} ms of silence`);
});

conn.on('error', (error: NodeJS.ErrnoException) => {
  console.log(`client: ${error.code} ${Math.round(performance.now() - connectedAt)} ms after connecting`);
});
