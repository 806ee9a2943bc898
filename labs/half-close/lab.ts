import { classifyByPort } from '../../checker/timeline.ts';
import { captured } from '../close-wait-fixed/conditions.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { start, step, waitFor } from '../kit/plan.ts';
import { CHUNK_BYTES, keepSendingExercise, keepSendingSteps } from './keep-sending.ts';
import { expectFinRightBehind, expectStatesWhileSending } from './wire.ts';

export default defineLab({
  id: 'half-close',
  title: 'Half-close: reading after your own FIN',
  topic: 'teardown',
  seed: '001',
  summary:
    "After the client's FIN the server keeps sending; the client, in FIN-WAIT-2, still receives all of it. With Node's default the server's socket ends at once, and only what it wrote before that arrives.",
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('server', 'server-default.ts', 'default server'),
    ...playing('client', 'client.ts', 'client', 'default client'),
  },
  exercises: [keepSendingExercise],
  // The default server runs on the next port, so its connection never mixes with the first.
  classify: (port) => classifyByPort([port, port + 1]),
  plan: (input) => {
    const { port, the, scale } = input;
    const defaultPort = port + 1;
    return [
      ...keepSendingSteps(input, port),
      step(
        { title: 'the capture: the states while the data flowed', when: captured },
        expectStatesWhileSending('fin-wait-2-receives', port),
      ),
      step(
        `the same server with Node's default (allowHalfOpen: false) on :${defaultPort}`,
        start('default server', { listening: defaultPort, env: { PORT: String(defaultPort) } }),
        start('default client', { until: /sent the request and FIN/, env: { PORT: String(defaultPort) } }),
        waitFor('default client', /EOF after/, scale(3000) + 5000),
        the.output('default-flushed', 'default client', new RegExp(`EOF after ${CHUNK_BYTES} bytes`), {
          text: `the client still gets the ${CHUNK_BYTES} bytes written before Node ended the socket: they are flushed, then the FIN`,
        }),
        the.output(
          'default-write-fails',
          'default server',
          /a write after the client's FIN failed: (EPIPE|ERR_STREAM_WRITE_AFTER_END)/,
          {
            within: scale(3000) + 1000,
            text: 'the default server\'s next write fails (Node 20: EPIPE, "This socket has been ended by the other party")',
          },
        ),
      ),
      step(
        { title: "the capture: the default server's FIN", when: captured },
        expectFinRightBehind('default-fin-right-behind', defaultPort, CHUNK_BYTES),
      ),
    ];
  },
});
