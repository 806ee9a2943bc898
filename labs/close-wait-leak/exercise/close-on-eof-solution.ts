// A solution to close-on-eof: when the client's EOF arrives, end our side too.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (chunk) => console.log(`server: read "${chunk}"`));
  conn.on('end', () => {
    // The peer will send nothing more and we have nothing more to say: send our FIN.
    // CLOSE-WAIT → LAST-ACK → closed; the client, which closed first, holds TIME-WAIT.
    conn.end();
    console.log('server: read EOF, called end()');
  });
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
