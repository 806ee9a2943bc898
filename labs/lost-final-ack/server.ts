// The passive closer: a server that lets its client close first and then closes too, the
// way close-wait-fixed's does. On the client's EOF it calls end(): its FIN goes out and its
// socket waits in LAST-ACK for the ACK of that FIN. If the ACK never comes, its kernel sends
// the FIN again, on the retransmission timer. The program sees none of that: Node reports
// the socket closed as soon as the FIN is handed to the kernel.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  const peer = `client ${conn.remotePort}`;
  conn.on('data', (chunk) => console.log(`server: ${peer} sent "${chunk}"`));
  conn.on('end', () => {
    console.log(`server: ${peer} closed its side (EOF); calling end(): FIN`);
    conn.end();
  });
  conn.on('close', (hadError) => {
    console.log(`server: ${peer} socket closed, ${hadError ? 'with an error' : 'no error reported'}`);
  });
  conn.on('error', (error) => console.log(`server: ${peer} error ${error.message}`));
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
