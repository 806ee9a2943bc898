// A solution: when a user's EOF arrives, take them out of the room and end our side (← FIN).
// Their kernel, holding the orphaned socket in FIN-WAIT-2, gets the FIN it was waiting for,
// ACKs it and moves to TIME-WAIT; our socket goes LAST-ACK, then is gone. Nothing is written
// to the user afterwards, so no RST comes back.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const room = new Set<net.Socket>();
let joined = 0;

function tellOthers(from: net.Socket, line: string): void {
  for (const member of room) if (member !== from) member.write(`${line}\n`);
}

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  const name = `user${++joined}`;
  console.log(`server: ${name} joined from port ${conn.remotePort}`);
  tellOthers(conn, `${name} joined`);
  room.add(conn);
  conn.on('data', (chunk) => tellOthers(conn, `${name}: ${chunk}`));
  conn.on('end', () => {
    room.delete(conn);
    conn.end(); // the fix: close our side once the user has closed theirs
    console.log(`server: ${name} left; closed our side too`);
  });
  conn.on('error', (error) => {
    room.delete(conn);
    console.log(`server: ${name}: ${error.message}`);
  });
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
