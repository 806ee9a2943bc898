// An HTTP/1.1 server, as most services are (node:http). It keeps each connection open for the
// next request (keep-alive) and closes it when the client does, unless a request says
// `Connection: close`: then it answers and closes first, and the TIME-WAIT lands here.
//
// HOST=0.0.0.0 (the lab's choice) accepts on every local address: 127.0.0.2, 127.0.0.3, …
// are other destinations for the client's port table, and 10.200.0.1 is this host's address
// on the link to the lab's second host. Quiet on purpose: the lab makes hundreds of
// requests, so it prints a line every 50.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8818);
const host = process.env.HOST ?? '127.0.0.1';

let requests = 0;
let connections = 0;

const server = http.createServer((request, response) => {
  requests++;
  response.end(`hello from ${request.url}\n`);
  if (requests % 50 === 0) console.log(`server: answered ${requests} requests on ${connections} connections`);
});
server.on('connection', () => connections++);

server.listen(port, host, () => console.log(`server: listening on ${host}:${port}`));
