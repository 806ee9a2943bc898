// COUNT clients (1 by default) connect and say hello, from LOCAL_ADDRESS (the lab uses
// 127.0.0.3 for the client whose final ACK it holds back), at once or GAP_MS apart. Each
// reports what happened: "connected" means the kernel finished the handshake, not that the
// server accepted it. On SIGUSR2 the first one gives up waiting and closes (FIN →).
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const count = Number(process.env.COUNT ?? 1);
const gapMs = Number(process.env.GAP_MS ?? 0);
const localAddress = process.env.LOCAL_ADDRESS ?? '127.0.0.1';
const name = process.env.NAME ?? 'client';

const conns: net.Socket[] = [];

function dial(i: number) {
  const who = count > 1 ? `${name} ${i}` : name;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const conn = net.connect({ port, host: '127.0.0.1', localAddress }, () => {
    console.log(`${who}: connected in ${elapsed()} ms from ${localAddress}:${conn.localPort}`);
    conn.write(`hello from ${who}\n`);
  });
  conn.on('error', (error: NodeJS.ErrnoException) => console.log(`${who}: ${error.code} after ${elapsed()} ms`));
  conns.push(conn);
}

// A user who gives up on a server that never answers: close our side, and wait for theirs.
process.on('SIGUSR2', () => {
  conns[0]?.end();
  console.log(`${count > 1 ? `${name} 1` : name}: gave up waiting, closed (FIN sent)`);
});

console.log(`${name}: dialing ${count} connection${count > 1 ? 's' : ''} to 127.0.0.1:${port}`);
for (let i = 1; i <= count; i++) {
  if (gapMs > 0) setTimeout(() => dial(i), (i - 1) * gapMs);
  else dial(i);
}
