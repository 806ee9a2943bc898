// A stream of short-lived clients, like a service's callers: each connects, sends one
// request, reads the answer and hangs up (end(): FIN →). CLIENTS of them, CONCURRENCY at a
// time (one by one by default, so each leaves its mark before the next comes), to PORT, or
// to each port of PORTS in turn ("8818,8819": the leaking server, then the fixed one).
// PAUSE_AFTER lists where the stream stops until it gets SIGUSR2, counting clients across
// ports ("0,10,60": before the first, after the tenth, after the sixtieth), so the lab can
// start it early and look between batches.
// Each client prints what it got: served, or cut off (ECONNRESET or EOF before any answer).
import net from 'node:net';

const ports = (process.env.PORTS ?? process.env.PORT ?? '8818').split(',').map(Number);
const clients = Number(process.env.CLIENTS ?? 60);
const concurrency = Number(process.env.CONCURRENCY ?? 1);
const pauses = (process.env.PAUSE_AFTER ?? '').split(',').filter(Boolean).map(Number);

type Outcome = 'served' | 'ECONNRESET' | 'EOF' | 'no connection';
let tally: Record<Outcome, number>;

function client(port: number, n: number): Promise<void> {
  return new Promise((resolve) => {
    const conn = net.connect(port, '127.0.0.1');
    let connectedAt = 0;
    let settled = false;
    const settle = (outcome: Outcome, words: string) => {
      if (settled) return;
      settled = true;
      tally[outcome]++;
      console.log(`client ${n}: ${words}`);
      resolve();
    };
    conn.on('connect', () => {
      connectedAt = performance.now();
      conn.write(`request ${n}\n`);
    });
    conn.once('data', (answer) => {
      conn.end();
      settle('served', `connected from port ${conn.localPort}, got "${String(answer).trim()}", hung up (FIN →)`);
    });
    const cutOff = (outcome: 'ECONNRESET' | 'EOF') => {
      const ms = (performance.now() - connectedAt).toFixed(1);
      settle(outcome, `connected from port ${conn.localPort}, then ${outcome} ${ms} ms later, no answer`);
    };
    conn.on('end', () => cutOff('EOF'));
    conn.on('error', (error: NodeJS.ErrnoException) => {
      if (connectedAt && error.code === 'ECONNRESET') cutOff('ECONNRESET');
      else settle('no connection', `connect failed: ${error.code ?? error.message}`);
    });
  });
}

async function pauseIfAsked(done: number): Promise<void> {
  if (!pauses.includes(done)) return;
  console.log(`clients: ${done} done, waiting for SIGUSR2 to go on`);
  // A signal listener alone does not keep Node running; the timer does, until the signal.
  const alive = setInterval(() => {}, 60_000);
  await new Promise((resume) => process.once('SIGUSR2', resume));
  clearInterval(alive);
}

let done = 0;
async function stream(port: number): Promise<void> {
  tally = { served: 0, ECONNRESET: 0, EOF: 0, 'no connection': 0 };
  let next = 1;
  const worker = async () => {
    while (next <= clients) {
      const n = next++;
      await client(port, n);
      done++;
      // After a port's last client the pause comes once its tally is out.
      if (n < clients) await pauseIfAsked(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cut = tally.ECONNRESET + tally.EOF;
  console.log(
    `clients: done with :${port}, ${clients} clients: ${tally.served} served, ${cut} cut off (${tally.ECONNRESET} ECONNRESET, ${tally.EOF} EOF), ${tally['no connection']} never connected`,
  );
  await pauseIfAsked(done);
}

await pauseIfAsked(0);
for (const port of ports) await stream(port);
// Exit now: the kernel closes whatever sockets are left (a leaking server never sends its FIN).
process.exit(0);
