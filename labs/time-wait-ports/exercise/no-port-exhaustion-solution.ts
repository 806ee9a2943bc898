// A solution: keep-alive. One http.Agent with keepAlive and a single socket sends all 200
// requests on one connection, so the client uses one local port and, when it finally closes,
// leaves one TIME-WAIT. (Node 19+'s default agent keeps connections alive too; `agent: false`
// or a `Connection: close` header would bring a connection per request back.)
import http from 'node:http';

const port = Number(process.env.PORT ?? 8818);
const requests = Number(process.env.REQUESTS ?? 200);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: `/${n}`, agent }, (response) => {
        response.resume(); // read the body to the end, so the socket is free for the next request
        response.on('end', resolve);
      })
      .on('error', reject);
  });
}

for (let n = 1; n <= requests; n++) await get(n);
agent.destroy(); // close the one connection: we close first, so one TIME-WAIT here
console.log(`client: done: ${requests} requests on one connection`);
