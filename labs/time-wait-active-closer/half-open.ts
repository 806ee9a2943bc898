// Half-open connections, to load the port with SYN-RECV sockets next to its TIME-WAITs. The
// lab's nft rule drops the server's SYN/ACKs to 127.0.0.2, so these handshakes never finish:
// SYN-SENT here, SYN-RECV on the server, each retried by its own kernel timer.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const count = Number(process.env.COUNT ?? 2);

for (let i = 0; i < count; i++) {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' });
  socket.on('connect', () => console.log('half-open: a SYN/ACK got through (the nft rule is missing?)'));
  socket.on('error', () => {});
}
// connect() sends its SYN on the next tick; by setImmediate every SYN is on the wire.
setImmediate(() => console.log(`half-open: sent ${count} SYNs from 127.0.0.2`));
