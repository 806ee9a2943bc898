// The active closer: a worker that holds one connection to its server, says hello, and idles
// until it is told to stop (SIGTERM). Then it shuts down gracefully: end() sends its FIN
// first, so this side ends in TIME-WAIT; the process exits once the server's FIN has come,
// and the kernel keeps the TIME-WAIT on its own, for 60 s.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const conn = net.connect(port, '127.0.0.1', () => {
  console.log(`client: connected to 127.0.0.1:${port} from port ${conn.localPort}`);
  conn.write('hello');
});

process.on('SIGTERM', () => {
  console.log('client: SIGTERM, shutting down: end() (FIN)');
  conn.end();
});
conn.on('end', () => console.log("client: read EOF (the server's FIN)"));
conn.on('error', (error) => console.log(`client: error ${error.message}`));
conn.on('close', () => {
  console.log('client: connection closed; exiting');
  process.exit(0);
});
