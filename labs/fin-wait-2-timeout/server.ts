// A chat room: seed 001's leaking server, grown into a service. It prints what each user
// says and tells everyone else in the room when someone joins or speaks.
//
// The bug is the seed's: it never closes a connection whose user has left. allowHalfOpen
// keeps Node from ending the socket when the user's FIN arrives, and nothing here calls
// end(): the socket sits in CLOSE-WAIT and stays in the room, so the server goes on writing
// to a user who is gone.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const room = new Set<net.Socket>();
let joined = 0;

function tellOthers(from: net.Socket, line: string): void {
  for (const member of room) if (member !== from) member.write(`${line}\n`);
}

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  const name = `user${++joined}`;
  console.log(`server: ${name} joined from port ${conn.remotePort} (${room.size + 1} in the room)`);
  tellOthers(conn, `${name} joined`);
  room.add(conn);
  conn.on('data', (chunk) => {
    console.log(`server: ${name} says "${chunk}"`);
    tellOthers(conn, `${name}: ${chunk}`);
  });
  // EOF: the user sent FIN, and the kernel ACKed it already. We ignore it (the leak).
  conn.on('end', () => console.log(`server: ${name} sent EOF; ignored, still in the room`));
  // A write to a peer that is gone: its kernel answered our data with RST.
  conn.on('error', (error) => {
    console.log(`server: ${name}: ${error.message}`);
    room.delete(conn);
  });
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
