// A keep-alive server (HTTP/1.1 style): answer each request and keep the connection open
// for the next. It only closes after the client does, so it never holds TIME-WAIT.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8819);

const server = net.createServer((conn) => {
  conn.on('data', (request) => {
    const path = String(request).split(' ')[1];
    const body = `hello from ${path}\n`;
    conn.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    console.log(`server: answered ${path}, connection stays open`);
  });
  // Default allowHalfOpen (false): when the client's FIN arrives Node ends our side too.
  conn.on('end', () => console.log('server: client closed, closing too'));
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
