// TASK: this client makes 200 HTTP requests, a new connection for each, and closes each
// connection itself once the answer is in. With only 50 local ports and tcp_tw_reuse=0 it
// fails: every connection it closes first leaves a TIME-WAIT holding a port for 60 s, and
// request 51 gets EADDRNOTAVAIL. Change it so all 200 requests get through.
// Check: tcplabs check time-wait-ports --client this-file.ts
//   (the server must answer all 200 requests, and your client must never hold 50 TIME-WAITs)
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const requests = Number(process.env.REQUESTS ?? 200);

/** One request on a new connection; resolves once the answer is in and we have closed. */
function request(n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(port, '127.0.0.1', () => conn.write(`GET /${n} HTTP/1.1\r\nHost: lab\r\n\r\n`));
    conn.on('data', () => conn.end()); // the answer is short: one chunk; we close first
    conn.on('close', () => resolve());
    conn.on('error', reject);
  });
}

let failed = 0;
for (let n = 1; n <= requests; n++) {
  try {
    await request(n);
  } catch (error) {
    failed++;
    if (failed === 1) console.log(`client: request ${n} failed: ${(error as Error).message}`);
  }
}
console.log(`client: done: ${requests - failed} answered, ${failed} failed`);
