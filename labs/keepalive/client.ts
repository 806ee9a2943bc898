// A client that connects and then says nothing, for a long time: the connection keepalive
// is for. It asks its kernel to probe the idle connection, in one of two ways:
//   KEEPALIVE_IDLE_MS unset: setKeepAlive(true) sets only SO_KEEPALIVE, so the idle time, the
//     interval and the number of probes all come from the sysctls tcp_keepalive_time,
//     tcp_keepalive_intvl and tcp_keepalive_probes.
//   KEEPALIVE_IDLE_MS set: setKeepAlive(true, ms) also sets TCP_KEEPIDLE to ms / 1000 and,
//     on this socket, TCP_KEEPINTVL=1 and TCP_KEEPCNT=10, which override the interval and
//     probe sysctls. That choice is libuv's (uv_tcp_keepalive, since libuv 1.35), so the
//     client prints the libuv its Node runs on.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const idleMs = Number(process.env.KEEPALIVE_IDLE_MS ?? 0);
let connectedAt = 0;
let localPort = 0;

const conn = net.connect(port, '127.0.0.1', () => {
  connectedAt = performance.now();
  localPort = conn.localPort ?? 0;
  conn.setKeepAlive(true, idleMs);
  const how =
    idleMs > 0
      ? `setKeepAlive(true, ${idleMs}) (libuv ${process.versions.uv})`
      : 'setKeepAlive(true): the sysctls decide';
  console.log(`client: connected from port ${localPort}; keepalive on, ${how}`);
});

// The kernel gave up on an unanswered probe: the only way this silent client can learn it.
conn.on('error', (error: NodeJS.ErrnoException) => {
  const afterMs = Math.round(performance.now() - connectedAt);
  console.log(`client: port ${localPort}: ${error.code} ${afterMs} ms after connecting`);
});
