// Two connections, closed two ways.
// 1. Says "bye" and closes politely, first: the side that closes first ends in TIME-WAIT.
// 2. Says "hold" and is destroyed: the server never closes its side, so ours waits in
//    FIN-WAIT-2 with no program behind it (an orphan). tcp_fin_timeout bounds that wait.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(port, '127.0.0.1', () => resolve(conn));
    conn.on('error', reject);
  });
}

const polite = await connect();
const politePort = polite.localPort;
polite.on('data', () => {});
polite.end('bye');
await new Promise((resolve) => polite.on('close', resolve));
console.log(`client: closed the first connection from port ${politePort} first, and the server closed too`);

const held = await connect();
const heldPort = held.localPort;
await new Promise((resolve) => held.write('hold', resolve));
// destroy() closes the file descriptor: the kernel sends our FIN and the socket is orphaned.
held.destroy();
console.log(`client: destroyed the held connection from port ${heldPort}; the server will not close its side`);
