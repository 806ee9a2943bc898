// A solution to idle-timeout: the pool closes a connection idle for half the server's idle
// timeout, so it is always the client that closes first (its FIN, its TIME-WAIT), and no
// request is ever sent on a connection the server may be closing.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8818);
const requests = Number(process.env.REQUESTS ?? 4);
const pauseMs = Number(process.env.PAUSE_MS ?? 4000);
const serverIdleMs = Number(process.env.SERVER_IDLE_MS ?? 2000);

// `timeout` is the pool's idle timeout: a free socket idle that long is destroyed.
const agent = new http.Agent({ keepAlive: true, timeout: serverIdleMs / 2 });

function get(n: number): Promise<void> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, agent, path: `/${n}` }, (res) => {
      res.resume();
      res.on('end', () => {
        console.log(`client: request ${n} → ${res.statusCode}${req.reusedSocket ? ' (pooled connection)' : ''}`);
        resolve();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      console.log(`client: request ${n} failed: ${error.code} (${error.message})`);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  for (let n = 1; n <= requests; n++) {
    if (n > 1) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    await get(n);
  }
}

main();
