// An uploader: dial PORT, send `PUT <BYTES>\n` and the body in one write, print the answer,
// then keep the connection (the server keeps it for the next upload) until the server hangs
// up, and say how it did: EOF is its FIN, ECONNRESET its RST. A refused dial is printed with
// the time it took.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const bytes = Number(process.env.BYTES ?? 1024);
const waitMs = Number(process.env.WAIT_MS ?? 5000);

// The whole request, made before dialing, so that it goes out the moment we are connected.
const request = Buffer.concat([Buffer.from(`PUT ${bytes}\n`), Buffer.alloc(bytes, 'x')]);
const started = performance.now();
let connected = false;
let answer = '';

const conn = net.connect(port, '127.0.0.1', () => {
  connected = true;
  console.log(`client: connected to 127.0.0.1:${port} from port ${conn.localPort}`);
  conn.write(request);
  console.log(`client: sent PUT ${bytes} and the body`);
});

conn.on('data', (chunk) => {
  answer += chunk;
  console.log(`client: read "${String(chunk).trim()}"`);
});
const said = () => `read "${answer.trim()}"`;
// EOF: the end of the stream, which is what the server's FIN says.
conn.on('end', () => console.log(`client: ${said()} then EOF`));
conn.on('error', (error: NodeJS.ErrnoException) => {
  const ms = Math.round(performance.now() - started);
  if (!connected) console.log(`client: connect() failed after ${ms} ms: ${error.code}`);
  // The server's RST: the kernel fails the next read (or write) with ECONNRESET.
  else console.log(`client: ${said()} then ${error.syscall} ${error.code}: the server reset the connection`);
});
// A server that never hangs up: give up after WAIT_MS and close from this side.
conn.setTimeout(waitMs, () => {
  console.log(`client: the server kept the connection open ${waitMs} ms; closing it myself`);
  conn.end();
});
