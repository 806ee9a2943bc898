// The seed's Go client (001) as it really ends: dial :8818, write "Connect success", wait
// 3 s, Close(), and the program is over. Unlike client.ts, which ends its side and stays
// alive, nothing holds this socket once it is closed: the kernel finishes the teardown alone,
// with the socket "orphaned", and an orphan waiting in FIN-WAIT-2 is bounded by
// tcp_fin_timeout.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const pauseMs = Number(process.env.PAUSE_MS ?? 3000);

const conn = net.connect(port, '127.0.0.1', () => {
  console.log(`client: connected to 127.0.0.1:${port} from port ${conn.localPort}`);
  conn.write('Connect success');
  setTimeout(() => {
    // destroy() closes the descriptor, like Go's Close(): the kernel sends our FIN.
    conn.destroy();
    console.log('client: closed the socket and exits (the kernel now holds it alone)');
  }, pauseMs);
});
