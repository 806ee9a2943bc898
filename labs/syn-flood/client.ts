// A legitimate user at 127.0.0.1 (its SYN/ACKs are not dropped): connect, say how long
// connect() took, read the greeting and leave. During a flood that time is the story.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);
const started = performance.now();
const elapsed = () => Math.round(performance.now() - started);

console.log(`client: connecting to 127.0.0.1:${port}`);
const conn = net.connect({ port, host: '127.0.0.1' }, () => {
  console.log(`client: connected in ${elapsed()} ms from port ${conn.localPort}`);
});
conn.on('data', (data) => console.log(`client: read ${JSON.stringify(String(data))}`));
conn.on('error', (error: NodeJS.ErrnoException) => console.log(`client: ${error.code} after ${elapsed()} ms`));
