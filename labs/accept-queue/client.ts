// COUNT clients (1 by default) connect at once and say hello, from LOCAL_ADDRESS (the lab
// uses 127.0.0.3 for the client whose final ACK it holds back). Each reports what happened:
// "connected" means the kernel finished the handshake, not that the server accepted it.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const count = Number(process.env.COUNT ?? 1);
const localAddress = process.env.LOCAL_ADDRESS ?? '127.0.0.1';
const name = process.env.NAME ?? 'client';

for (let i = 1; i <= count; i++) {
  const who = count > 1 ? `${name} ${i}` : name;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const conn = net.connect({ port, host: '127.0.0.1', localAddress }, () => {
    console.log(`${who}: connected in ${elapsed()} ms from ${localAddress}:${conn.localPort}`);
    conn.write(`hello from ${who}\n`);
  });
  conn.on('error', (error: NodeJS.ErrnoException) => console.log(`${who}: ${error.code} after ${elapsed()} ms`));
}
