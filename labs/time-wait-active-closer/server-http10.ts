// An HTTP/1.0-style server (seed 004): answer one request, then close the connection.
// Closing first makes this server the active closer, so the TIME-WAIT lands here.
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
