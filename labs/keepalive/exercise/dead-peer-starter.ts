// TASK: this client sits on an idle connection and would never learn that its server is
// gone: setKeepAlive(true) alone waits tcp_keepalive_time, 2 hours by default, before the
// first probe. Make its kernel find a vanished server within 15 s, without closing a healthy
// idle connection yourself.
//
// Check it with: npx tcplabs check keepalive --client <this file> --exercise dead-peer
// The kit puts the keepalive sysctls back to the kernel's defaults (7200 s, 75 s, 9 probes),
// so only your socket's own options count. It waits for your client to print a line with
// "connected" (keep the one below), lets it idle 4 s against a live server
// (it must still be ESTAB), then drops everything to and from the server. Within 15 s the
// kernel must abort your connection on its keepalive timer (TcpExtTCPAbortOnTimeout +1,
// TcpExtTCPKeepAlive grew).
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
let connectedAt = 0;

const conn = net.connect(port, '127.0.0.1', () => {
  connectedAt = performance.now();
  // SO_KEEPALIVE only: the idle time, the interval and the count come from the sysctls.
  conn.setKeepAlive(true);
  console.log(`client: connected from port ${conn.localPort}; keepalive on, the sysctls decide`);
});

// The kernel gave up on an unanswered probe: the only way this silent client can learn it.
conn.on('error', (error: NodeJS.ErrnoException) => {
  console.log(`client: ${error.code} ${Math.round(performance.now() - connectedAt)} ms after connecting`);
});
