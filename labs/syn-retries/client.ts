// The seed's client (003): dial and wait. Nothing in this program retries: after connect()
// sends the first SYN, the kernel resends it on its own timer and connect() only reports
// back when the handshake completes or when the kernel gives up (tcp_syn_retries).
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const started = performance.now();
const elapsed = () => Math.round(performance.now() - started);

const conn = net.connect(port, '127.0.0.1');
console.log(`client: connect() to 127.0.0.1:${port} called (SYN sent); waiting for the kernel`);

conn.on('connect', () => console.log(`client: connected after ${elapsed()} ms`));
// No SYN/ACK ever came: the kernel stopped retrying and connect() fails with ETIMEDOUT.
conn.on('error', (error: NodeJS.ErrnoException) => {
  console.log(`client: connect() failed after ${elapsed()} ms: ${error.code}`);
});
