// Sends its request, then closes its sending side at once (a half-close, like
// `shutdown(SHUT_WR)`), and keeps reading until the server's FIN.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
let received = 0;

const conn = net.connect(port, '127.0.0.1', () => {
  // end() sends FIN after the data: "that is my whole request".
  conn.end('send me everything');
  console.log('client: sent the request and FIN; now only reading');
});

conn.on('data', (chunk) => {
  received += chunk.length;
  console.log(`client: received ${received} bytes so far`);
});
conn.on('end', () => console.log(`client: EOF after ${received} bytes, all of it after our own FIN`));
