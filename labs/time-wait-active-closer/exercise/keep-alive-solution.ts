// A solution to keep-alive: Node's own HTTP/1.1 server. res.end(body) sends a Content-Length,
// so the client knows where each answer ends, and the connection stays open for the next
// request. The client closes first when it is done, so the TIME-WAIT is the client's.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8818);

const server = http.createServer((request, response) => {
  response.end(`hello from ${request.url}\n`);
  console.log(`server: answered ${request.url}, connection stays open`);
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
