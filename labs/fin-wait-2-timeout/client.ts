// Seed 001's client, as a chat user: dial :8818, write "Connect success", wait PAUSE_MS
// (3 s, shortened in fast mode), then leave. How it leaves is the lesson:
//   LEAVE=exit (the seed's Go client): close the socket and exit, like a CLI or a cron job.
//     Nothing holds the socket any more: the kernel finishes the connection alone, "orphaned".
//   LEAVE=end: end() — send FIN and stay, reading what the room still sends (a user who has
//     nothing more to say but keeps listening). The socket is half-closed, not orphaned.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const pauseMs = Number(process.env.PAUSE_MS ?? 3000);
const leave = process.env.LEAVE ?? 'exit';

const conn = net.connect(port, '127.0.0.1', () => {
  console.log(`client: connected from port ${conn.localPort}`);
  conn.write('Connect success');
  console.log('client: wrote "Connect success"');
  setTimeout(() => {
    if (leave === 'end') {
      conn.end();
      console.log('client: called end(), FIN sent; still reading');
      return;
    }
    // destroy() closes the descriptor, like Go's Close(): the kernel sends our FIN. Then the
    // process ends, and the socket has no owner.
    conn.destroy();
    console.log('client: closed the socket (FIN sent) and exits');
  }, pauseMs);
});

conn.on('data', (chunk) => {
  for (const line of String(chunk).split('\n').filter(Boolean)) console.log(`client: got "${line}"`);
});
conn.on('end', () => console.log('client: read EOF'));
conn.on('error', (error) => console.log(`client: ${error.message}`));
