// tcp_tw_reuse at work. The lab leaves connect() a single local port (ip_local_port_range),
// so a new connection to the same server can only take the port our TIME-WAIT holds.
// 1. Say "bye" and close first: our side of the four-tuple is now TIME-WAIT.
// 2. Dial again at once, and every 50 ms after: connect() fails (EADDRNOTAVAIL) until the
//    kernel lets the new connection take the TIME-WAIT's place. Then keep it open.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(port, '127.0.0.1', () => resolve(conn));
    conn.on('error', reject);
  });
}

const first = await connect();
const firstPort = first.localPort;
first.on('data', () => {});
first.end('bye');
await new Promise((resolve) => first.on('close', resolve));
console.log(`client: closed first from port ${firstPort}; that port is in TIME-WAIT now`);

const since = Date.now();
for (let tries = 1; ; tries++) {
  try {
    const again = await connect();
    console.log(`client: connected again from port ${again.localPort} after ${Date.now() - since} ms (${tries} tries)`);
    break; // the connection stays open until the lab ends
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (tries === 1) console.log(`client: connect() failed at first: ${code}`);
    if (code !== 'EADDRNOTAVAIL' || tries === 100) throw error;
    await sleep(50);
  }
}
