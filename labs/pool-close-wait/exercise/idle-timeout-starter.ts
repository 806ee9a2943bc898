// TASK: this client keeps its connections in a keep-alive pool and pauses between requests
// longer than the server keeps an idle connection. When the server closes one just before the
// next request, the request goes out on a dead connection: ECONNRESET. Make every request
// succeed, and leave no connection in CLOSE-WAIT.
//
// Check it with: npx tcplabs check pool-close-wait --client <this file>
// The kit starts a server that closes connections idle for SERVER_IDLE_MS, then your file
// with PORT, REQUESTS, PAUSE_MS and SERVER_IDLE_MS set. For your first pause it holds back
// the server's FINs (as if still on the way). It passes when the server answered every
// request, the kernel sent no RST, and no connection of yours stayed CLOSE-WAIT after a FIN.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8818);
const requests = Number(process.env.REQUESTS ?? 4);
const pauseMs = Number(process.env.PAUSE_MS ?? 4000);

// The pool keeps a connection for the next request, however long it waits.
const agent = new http.Agent({ keepAlive: true });

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
