// Makes REQUESTS requests. HTTP/1.0 style: one connection per request, read until the
// server closes. KEEP_ALIVE=1: all requests on one connection, then the client closes.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const requests = Number(process.env.REQUESTS ?? 3);
const keepAlive = process.env.KEEP_ALIVE === '1';

function http10(n: number): Promise<void> {
  return new Promise((resolve) => {
    const conn = net.connect(port, '127.0.0.1', () => conn.write(`GET /${n} HTTP/1.0\r\n\r\n`));
    conn.on('data', () => {});
    // The server's FIN arrives first; Node then ends our side (we are the passive closer).
    conn.on('close', () => resolve());
  });
}

async function keepAliveRequests(): Promise<void> {
  const conn = net.connect(port, '127.0.0.1');
  for (let n = 1; n <= requests; n++) {
    conn.write(`GET /${n} HTTP/1.1\r\nHost: lab\r\n\r\n`);
    await new Promise((resolve) => conn.once('data', resolve));
    console.log(`client: got /${n} on the same connection`);
  }
  // We are done: our FIN goes first, so this client, not the server, holds TIME-WAIT.
  conn.end();
  await new Promise((resolve) => conn.on('close', resolve));
}

if (keepAlive) {
  await keepAliveRequests();
} else {
  for (let n = 1; n <= requests; n++) await http10(n);
}
console.log(`client: done, ${requests} requests${keepAlive ? ' on one connection' : ', one connection each'}`);
