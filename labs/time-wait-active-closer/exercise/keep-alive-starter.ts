// TASK: this HTTP/1.0-style server closes the connection after every answer, so it sends the
// first FIN and collects one TIME-WAIT per request. Make it a keep-alive server: answer every
// request on the same connection and leave the closing to the client.
//
// Check it with: npx tcplabs check time-wait-active-closer --server <this file>
// The kit's client sends 3 requests (`GET /n HTTP/1.1`) on one connection, reading each
// answer by its Content-Length, then closes. The kernel must show: all 3 answered on that
// one connection, the client holding the one TIME-WAIT, and your server holding none.
//
// The server, as the lab runs it on :8818 (seed 004's HTTP/1.0 server):
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer((conn) => {
  conn.once('data', (request) => {
    const path = String(request).split(' ')[1];
    conn.write(`HTTP/1.0 200 OK\r\n\r\nhello from ${path}\n`);
    // HTTP/1.0: the end of the body is the end of the connection. Our FIN goes first.
    conn.end();
    console.log(`server: answered ${path} and closed first`);
  });
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
