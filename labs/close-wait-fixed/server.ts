// The seed's fixed server (001), in Node: on EOF, close our side too.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (chunk) => console.log(`server: read "${chunk}"`));
  conn.on('end', () => {
    // The client sent FIN; we have nothing more to say, so we send ours. The socket goes
    // CLOSE-WAIT → LAST-ACK → closed, and the client, the active closer, holds TIME-WAIT.
    console.log('server: read EOF, calling end()');
    conn.end();
  });
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
