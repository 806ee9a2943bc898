// Makes REQUESTS requests to an HTTP server, and says who closed first.
//   default       HTTP/1.0: one connection per request, each ended by the server.
//   KEEP_ALIVE=1  HTTP/1.1: every request on one connection, then this client closes it;
//   + IDLE=1      ...or says nothing more and waits until the server closes the idle one.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const requests = Number(process.env.REQUESTS ?? 3);
const keepAlive = process.env.KEEP_ALIVE === '1';
const idle = process.env.IDLE === '1';

function http10(n: number): Promise<void> {
  return new Promise((resolve) => {
    let from = 0;
    const conn = net.connect(port, '127.0.0.1', () => {
      from = conn.localPort as number;
      conn.write(`GET /${n} HTTP/1.0\r\n\r\n`);
    });
    conn.on('data', () => {});
    // The server's FIN arrives first; Node then ends our side (we are the passive closer).
    conn.on('end', () => console.log(`client: /${n} from port ${from}: the server closed first`));
    conn.on('close', () => resolve());
  });
}

/** Reads whole responses off one connection: `next()` gives the next one, or null once it closed. */
function responses(conn: net.Socket): () => Promise<string | null> {
  let buffered = '';
  let closed = false;
  let waiting: ((response: string | null) => void) | null = null;
  const settle = () => {
    if (!waiting) return;
    const head = buffered.indexOf('\r\n\r\n');
    const length = /content-length: *(\d+)/i.exec(buffered.slice(0, head));
    const chunked = /transfer-encoding: *chunked/i.test(buffered.slice(0, head));
    const lastChunk = chunked ? buffered.indexOf('0\r\n\r\n', head + 4) : -1;
    let end = -1;
    if (head >= 0 && length) end = head + 4 + Number(length[1]);
    if (lastChunk >= 0) end = lastChunk + 5;
    const done = waiting;
    if (end >= 0 && buffered.length >= end) {
      waiting = null;
      done(buffered.slice(0, end));
      buffered = buffered.slice(end);
    } else if (closed) {
      waiting = null;
      done(null);
    }
  };
  conn.setEncoding('latin1'); // one character per byte, as Content-Length counts
  conn.on('data', (chunk: string) => {
    buffered += chunk;
    settle();
  });
  const onClosed = () => {
    closed = true;
    settle();
  };
  conn.on('end', onClosed);
  conn.on('close', onClosed);
  conn.on('error', (error) => console.log(`client: ${error.message}`));
  return () =>
    new Promise((resolve) => {
      waiting = resolve;
      settle();
    });
}

/** Resolves with how many requests were answered on the one connection. */
async function keepAliveRequests(): Promise<number> {
  const conn = net.connect(port, '127.0.0.1');
  const next = responses(conn);
  const closed = new Promise((resolve) => conn.on('close', resolve));
  let answered = 0;
  for (let n = 1; n <= requests; n++) {
    conn.write(`GET /${n} HTTP/1.1\r\nHost: lab\r\n\r\n`);
    if ((await next()) === null) break;
    answered = n;
    console.log(`client: got /${n} on the same connection, from port ${conn.localPort}`);
  }
  if (answered < requests) {
    console.log(`client: the server closed the connection after ${answered} of ${requests} requests`);
  } else if (idle) {
    const since = Date.now();
    await next(); // nothing more comes: this resolves when the server closes
    console.log(`client: the server closed the idle connection after ${Date.now() - since} ms`);
  } else {
    // We are done: our FIN goes first, so this client, not the server, holds TIME-WAIT.
    conn.end();
  }
  await closed;
  return answered;
}

if (keepAlive) {
  const answered = await keepAliveRequests();
  console.log(`client: done, ${answered} of ${requests} requests answered on one connection`);
} else {
  for (let n = 1; n <= requests; n++) await http10(n);
  console.log(`client: done, ${requests} requests, one connection each`);
}
