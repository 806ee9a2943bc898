// A client that makes REQUESTS HTTP requests to HOST:PORT, one after another, and says how
// they went. How it uses connections is the whole lesson:
//   MODE=close (the default): a new connection per request, closed by the client as soon
//     as the answer is in. The client closes first, so each connection leaves a TIME-WAIT
//     on this side, holding a local port for 60 s.
//   MODE=server-closes: a new connection per request, but the request says
//     `Connection: close`, so the server closes first and holds the TIME-WAIT.
//   MODE=keep-alive: every request on one connection, closed at the end.
// RETRY_MS: when connect() fails with EADDRNOTAVAIL, wait this long and try again (for up
// to 2 s per request).
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const host = process.env.HOST ?? '127.0.0.1';
const requests = Number(process.env.REQUESTS ?? 60);
const mode = process.env.MODE ?? 'close';
const retryMs = Number(process.env.RETRY_MS ?? 0);

const localPorts = new Set<number>();
const failures = new Map<string, number>();
let connections = 0;
let retries = 0;

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(port, host, () => {
      connections++;
      localPorts.add(conn.localPort as number);
      resolve(conn);
    });
    conn.once('error', reject);
  });
}

/** connect(), retrying EADDRNOTAVAIL every RETRY_MS when asked to. */
async function connectRetrying(): Promise<net.Socket> {
  const deadline = Date.now() + 2000;
  for (;;) {
    try {
      return await connect();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!retryMs || code !== 'EADDRNOTAVAIL' || Date.now() > deadline) throw error;
      retries++;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}

/** Send one request; resolve once the whole answer (headers + Content-Length bytes) is in. */
function ask(conn: net.Socket, n: number): Promise<void> {
  const close = mode === 'server-closes' ? 'Connection: close\r\n' : '';
  conn.write(`GET /${n} HTTP/1.1\r\nHost: ${host}\r\n${close}\r\n`);
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk;
      const head = text.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1]);
      if (head >= 0 && text.length >= head + 4 + length) done(null);
    };
    const done = (error: Error | null) => {
      conn.off('data', onData).off('error', done);
      if (error) reject(error);
      else resolve();
    };
    conn.on('data', onData).on('error', done);
  });
}

const closed = (conn: net.Socket) => new Promise((resolve) => conn.once('close', resolve));

async function oneConnectionEach(n: number): Promise<void> {
  const conn = await connectRetrying();
  await ask(conn, n);
  // server-closes: the server's FIN follows its answer; Node ends our side after it.
  // close: we end first, so this side is the active closer and keeps the TIME-WAIT.
  if (mode !== 'server-closes') conn.end();
  await closed(conn);
}

const started = Date.now();
let answered = 0;
let shared: net.Socket | null = null;
for (let n = 1; n <= requests; n++) {
  try {
    if (mode === 'keep-alive') {
      shared ??= await connect();
      await ask(shared, n);
    } else {
      await oneConnectionEach(n);
    }
    answered++;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    // The first failure of each kind is worth a line; the rest are counted.
    if (!failures.has(code)) console.log(`client: request ${n} failed: ${(error as Error).message}`);
    failures.set(code, (failures.get(code) ?? 0) + 1);
  }
}
if (shared) {
  shared.end();
  await closed(shared);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const failed = [...failures.values()].reduce((sum, count) => sum + count, 0);
const kinds = [...failures].map(([code, count]) => `${code} ×${count}`).join(', ');
console.log(
  `client: done: ${requests} requests to ${host}:${port} (${mode}), ${answered} answered, ${failed} failed${kinds ? ` (${kinds})` : ''}; ` +
    `${plural(connections, 'connection')} from ${plural(localPorts.size, 'local port')}, ${plural(retries, 'retry', 'retries')}, ${Date.now() - started} ms`,
);
