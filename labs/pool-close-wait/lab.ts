import { defineLab, playing } from '../kit/lab.ts';
import { classifyClients } from '../syn-flood/queue-labs.ts';
import { idleTimeoutExercise } from './exercise.ts';
import { poolSteps, ROLE_OF } from './steps.ts';

export default defineLab({
  id: 'pool-close-wait',
  title: "CLOSE-WAIT on the client: a keep-alive pool's idle connections",
  topic: 'teardown',
  seed: '004',
  summary:
    "The server closes idle keep-alive connections; a pool whose event loop is busy keeps the closed one in CLOSE-WAIT and sends its next request on it (RST, ECONNRESET), as does one whose FIN was still on the way. A pool timeout below the server's, or a free loop that drops a socket on EOF, gets a new connection instead.",
  needs: { nft: true, tcpdump: true },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', ...Object.values(ROLE_OF)),
  },
  exercises: [idleTimeoutExercise],
  // The four clients connect from 127.0.0.1 to .4: their sockets are told apart by address.
  classify: classifyClients((address) => ROLE_OF[address] ?? 'client'),
  timeoutMs: 30_000,
  plan: poolSteps,
});
