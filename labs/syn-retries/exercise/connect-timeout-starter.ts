// TASK: this client waits as long as the kernel does. Against a server that never answers,
// with the kernel's default tcp_syn_retries=6, connect() fails only after 127 s (131 s on
// kernels with tcp_syn_linear_timeouts). Give it a connect timeout of its own: it must give
// up within 3 s of calling connect(), and must leave a connection that succeeded alone.
//
// Check it with: npx tcplabs check syn-retries --client <this file>
// The kit runs your client twice. First against a healthy server: it must connect, print a
// line with "connected", and still be ESTAB 3.5 s later while idle. Then behind a firewall
// that drops every SYN: within 3 s of its SYN no socket of yours may be left in SYN-SENT,
// and the kernel must not be the one that gave up (TcpExtTCPAbortOnTimeout stays 0).
//
// The client, as the lab runs it: the seed's client (003), in Node. Nothing here retries or
// times out: after the first SYN the kernel resends it on its own timer.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const started = performance.now();
const elapsed = () => Math.round(performance.now() - started);

const conn = net.connect(port, '127.0.0.1');
console.log(`client: connect() to 127.0.0.1:${port} called (SYN sent); waiting for the kernel`);

conn.on('connect', () => console.log(`client: connected after ${elapsed()} ms`));
conn.on('error', (error: NodeJS.ErrnoException) => {
  console.log(`client: connect() failed after ${elapsed()} ms: ${error.code}`);
});
