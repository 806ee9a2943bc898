// A server that treats its connections two ways, so one run shows two states side by side.
// A connection that starts with "hold" is never closed here, even after the client's FIN
// (the leak of close-wait-leak). Any other connection is closed as soon as the client closes.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  let hold = false;
  conn.once('data', (data) => {
    hold = String(data).startsWith('hold');
  });
  conn.on('data', () => {});
  conn.on('end', () => {
    if (hold) {
      console.log('server: EOF on the held connection; not closing it');
    } else {
      conn.end();
      console.log('server: EOF; closing my side too');
    }
  });
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
