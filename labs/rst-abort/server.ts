// An upload service, written the way many small servers are: a request is `PUT <bytes>\n`
// and then the body. It answers `201 stored` and keeps the connection for the next
// upload; a body over LIMIT bytes gets `413 too large` and the connection is dropped at once.
// A connection left idle for IDLE_MS after an answer is closed: with end() (a FIN), or, with
// CLOSE=reset, with resetAndDestroy() (SO_LINGER 0: a RST), which some servers do to keep
// no TIME-WAIT.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const limit = Number(process.env.LIMIT ?? 64 * 1024);
const idleMs = Number(process.env.IDLE_MS ?? 1000);
const abortive = process.env.CLOSE === 'reset';

const server = net.createServer((conn) => {
  const peer = `client ${conn.remotePort}`;
  let head = ''; // the request line, until its '\n'
  let left = -1; // body bytes still to come; -1 while reading a request line

  // Keep-alive: once an upload is answered, wait idleMs for the next one, then hang up.
  conn.on('timeout', () => {
    if (abortive) {
      // SO_LINGER with a zero timeout, then close(): the kernel sends RST and forgets the
      // connection at once. Nothing is left in TIME-WAIT, on either side.
      conn.resetAndDestroy();
      console.log(`server: ${peer} idle ${idleMs} ms, called resetAndDestroy() (RST)`);
    } else {
      conn.end();
      console.log(`server: ${peer} idle ${idleMs} ms, called end() (FIN)`);
    }
  });

  conn.on('data', (chunk) => {
    let at = 0;
    while (at < chunk.length) {
      if (left < 0) {
        const newline = chunk.indexOf(10, at);
        head += chunk.toString('latin1', at, newline < 0 ? chunk.length : newline);
        if (newline < 0) return;
        at = newline + 1;
        const bytes = Number(/^PUT (\d+)$/.exec(head)?.[1] ?? Number.NaN);
        head = '';
        if (!(bytes <= limit)) {
          conn.write('413 too large\n');
          // Most of the body is still in our receive buffer, unread. destroy() is close(),
          // and close() with unread data makes the kernel answer with RST, not FIN.
          conn.destroy();
          console.log(`server: ${peer} wants to upload ${bytes} bytes: sent 413, called destroy()`);
          return;
        }
        left = bytes;
      }
      const take = Math.min(left, chunk.length - at);
      left -= take;
      at += take;
      if (left === 0) {
        conn.write('201 stored\n');
        conn.setTimeout(idleMs);
        console.log(`server: ${peer} upload stored, answered 201`);
        left = -1;
      }
    }
  });
  conn.on('error', (error) => console.log(`server: ${peer} ${error.message}`));
});

server.listen(port, '127.0.0.1', () =>
  console.log(
    `server: listening on 127.0.0.1:${port} (limit ${limit} bytes, ${abortive ? 'RST' : 'FIN'} after ${idleMs} ms idle)`,
  ),
);
