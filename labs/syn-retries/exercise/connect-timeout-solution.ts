// A client with its own connect timeout: it gives up on a silent server after 1.5 s instead
// of the kernel's 127 s, and the timer dies with connect(), so a working connection that
// goes quiet is left alone.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const CONNECT_TIMEOUT_MS = 1500;
const started = performance.now();
const elapsed = () => Math.round(performance.now() - started);

const conn = net.connect(port, '127.0.0.1');
console.log(`client: connect() to 127.0.0.1:${port} called; giving up after ${CONNECT_TIMEOUT_MS} ms`);

// destroy() closes the SYN-SENT socket at once: the kernel stops resending the SYN (and
// sends nothing more: there is no connection to reset yet).
const timer = setTimeout(() => {
  console.log(`client: no answer within ${CONNECT_TIMEOUT_MS} ms; giving up`);
  conn.destroy();
}, CONNECT_TIMEOUT_MS);

conn.on('connect', () => {
  clearTimeout(timer);
  console.log(`client: connected after ${elapsed()} ms`);
});
conn.on('error', (error: NodeJS.ErrnoException) => {
  clearTimeout(timer);
  console.log(`client: connect() failed after ${elapsed()} ms: ${error.code}`);
});
