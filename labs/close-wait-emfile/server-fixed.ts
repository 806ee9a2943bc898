// The same service, fixed: when a client hangs up (EOF), close our side too. The socket goes
// CLOSE-WAIT → LAST-ACK → gone as soon as we read the EOF, and its descriptor is freed, so
// the server holds one descriptor per client *being served*, not per client ever served.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
let accepted = 0;

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  const n = ++accepted;
  console.log(`server: connection ${n} from port ${conn.remotePort}`);
  conn.on('data', (request) => conn.write(`ok, ${request}`));
  conn.on('end', () => {
    console.log(`server: connection ${n} hung up (EOF); closing ours (FIN →)`);
    conn.end();
  });
});

server.on('error', (error) => console.log(`server: error ${error.message}`));
server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port} (pid ${process.pid})`));
