// A plain Node HTTP server. Nothing in it asks for Fast Open, because Node cannot: it has no
// way to set TCP_FASTOPEN on a listening socket. The lab switches Fast Open on for every
// listener of its network namespace instead (net.ipv4.tcp_fastopen with the 0x400 bit), and
// the kernel reads that bit when listen() is called — so we print the value we started with.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const port = Number(process.env.PORT ?? 8818);
const address = process.env.LISTEN_ADDRESS ?? '127.0.0.1';
const fastOpen = Number(readFileSync('/proc/sys/net/ipv4/tcp_fastopen', 'utf8'));

const server = http.createServer((request, response) => {
  // With Fast Open this request may have arrived inside the SYN: the kernel then hands the
  // connection to accept() before the handshake is even finished. Node cannot tell, and
  // need not: the bytes read the same.
  console.log(`server: ${request.method} ${request.url} from port ${request.socket.remotePort}`);
  response.end(`hello from ${request.url}\n`);
});

server.listen(port, address, () => {
  console.log(`server: listening on ${address}:${port} with net.ipv4.tcp_fastopen=0x${fastOpen.toString(16)}`);
});
