// The seed's leaking server (001), in Node. The Go original loops on conn.Read() and never
// looks at the error, so it never closes a connection that the client has closed.
//
// Node hides that bug by default: a socket ends its own side as soon as it reads EOF
// (allowHalfOpen: false). Servers that must keep writing after the peer's FIN turn it off
// (node:http does, and so do proxies); then forgetting end() leaks, exactly as here.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (chunk) => console.log(`server: read "${chunk}"`));
  // EOF means the client sent FIN. The kernel ACKed it already and this socket is now in
  // CLOSE-WAIT: it waits for us to close. We never call conn.end(), so it waits forever.
  conn.on('end', () => console.log('server: read EOF, and ignored it'));
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
