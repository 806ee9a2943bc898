// An HTTP/1.1 keep-alive server that closes idle connections, as nginx (keepalive_timeout),
// load balancers and Node's own keepAliveTimeout all do: a connection with no new request
// IDLE_MS after its last answer is closed (FIN →). This one announces nothing: no
// Keep-Alive: timeout=N header, so a client cannot know when it will happen (Node's
// keepAliveTimeout sends that header; see the lesson). It logs each request with how long
// after the previous one it came.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8818);
const idleMs = Number(process.env.IDLE_MS ?? 2000);
let served = 0;
let previousAt = 0;

const server = http.createServer((req, res) => {
  served++;
  const now = performance.now();
  const gap = previousAt ? `, ${Math.round(now - previousAt)} ms after the previous one` : '';
  previousAt = now;
  const from = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
  console.log(`server: request ${served} (${req.method} ${req.url}) from ${from}${gap}`);
  // The idle clock runs from an answer to the next request, as Node's keepAliveTimeout's does.
  req.socket.setTimeout(0);
  res.on('finish', () => req.socket.setTimeout(idleMs));
  res.end(`hello ${served}\n`);
});

// Our own idle timeout instead of Node's keepAliveTimeout (0: off), which would add the header.
server.keepAliveTimeout = 0;
server.on('timeout', (socket) => {
  console.log(
    `server: connection from ${socket.remoteAddress}:${socket.remotePort} idle for ${idleMs} ms, closing it (FIN →)`,
  );
  // destroy() is close(): a request arriving after it meets a RST, as with Node's own timeout.
  socket.destroy();
});

server.listen(port, '127.0.0.1', () =>
  console.log(`server: listening on 127.0.0.1:${port}, idle timeout ${idleMs} ms`),
);
