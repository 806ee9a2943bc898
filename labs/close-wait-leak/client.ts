// The seed's client (001), in Node: dial :8818, write "Connect success", wait 3 s, close.
// PAUSE_MS shortens the wait in fast mode; the lab sets PORT (8818 unless on the host).
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const pauseMs = Number(process.env.PAUSE_MS ?? 3000);

const conn = net.connect(port, '127.0.0.1', () => {
  console.log(`client: connected to 127.0.0.1:${port} from port ${conn.localPort}`);
  conn.write('Connect success');
  console.log('client: wrote "Connect success"');
  setTimeout(() => {
    // end() sends our FIN: we are the active closer.
    conn.end();
    console.log('client: called end(), FIN sent');
  }, pauseMs);
});

conn.on('data', (chunk) => console.log(`client: read "${chunk}"`));
conn.on('end', () => console.log('client: read EOF, the server closed its side too'));
conn.on('error', (error) => console.log(`client: error ${error.message}`));
