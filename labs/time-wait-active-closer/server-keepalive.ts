// A keep-alive server: Node's own HTTP/1.1 server. It answers each request and keeps the
// connection open for the next one, so a client that closes when it is done holds the
// TIME-WAIT. Not for ever, though: a connection left idle for keepAliveTimeout is closed by
// the server, and then the server is the active closer. KEEPALIVE_TIMEOUT_MS sets it.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8819);

const server = http.createServer((request, response) => {
  response.end(`hello from ${request.url}\n`);
  console.log(`server: answered ${request.url}, connection stays open`);
});
const nodeDefault = server.keepAliveTimeout;
if (process.env.KEEPALIVE_TIMEOUT_MS) server.keepAliveTimeout = Number(process.env.KEEPALIVE_TIMEOUT_MS);

server.on('connection', (socket) => socket.on('close', () => console.log('server: connection closed')));
server.listen(port, '127.0.0.1', () =>
  console.log(
    `server: listening on 127.0.0.1:${port}; keepAliveTimeout ${server.keepAliveTimeout} ms (Node's default: ${nodeDefault} ms)`,
  ),
);
