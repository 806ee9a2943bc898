import { closeOnEofExercise, seedOpening } from '../close-wait-fixed/close-on-eof.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { pause, step } from '../kit/plan.ts';

export default defineLab({
  id: 'close-wait-leak',
  title: 'CLOSE-WAIT leak: a server that ignores EOF',
  topic: 'teardown',
  seed: '001',
  summary: 'The client closes; the server never does: its side sits in CLOSE-WAIT, the client in FIN-WAIT-2.',
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client'),
  },
  // The exercise: fix this server. `tcplabs check close-wait-leak --server your-server.ts`.
  exercises: [closeOnEofExercise],
  plan: ({ port, scale, the, ...input }) => [
    ...seedOpening({ port, scale, the, ...input }, the.client.is('client-established', 'ESTAB')),
    step(
      'server reads EOF and ignores it',
      the.server.is('server-close-wait', 'CLOSE-WAIT', {
        text: `within 1 s, the server side of :${port} is CLOSE-WAIT (FIN received and ACKed, no close yet)`,
      }),
      the.client.is('client-fin-wait-2', 'FIN-WAIT-2', {
        text: "within 1 s, the client side is FIN-WAIT-2 (its FIN was ACKed; it waits for the server's FIN)",
      }),
    ),
    step(
      `the leak stays (${scale(2000)} ms later)`,
      pause(scale(2000)),
      the.server.is('still-close-wait', 'CLOSE-WAIT', {
        within: 0,
        text: `${scale(2000)} ms later the server side is still CLOSE-WAIT: only close() ends it`,
      }),
    ),
  ],
});
