import { defineLab, playing } from '../kit/lab.ts';
import { step } from '../kit/plan.ts';
import { expectServerFinAcks, expectServerGone, expectTimeWaitCounted } from './checks.ts';
import { closeOnEofFromFixed, closeOnEofPlan } from './close-on-eof.ts';
import { captured, ownNetns } from './conditions.ts';

export default defineLab({
  id: 'close-wait-fixed',
  title: 'CLOSE-WAIT fixed: close on EOF',
  topic: 'teardown',
  seed: '001',
  summary: 'The server closes when it reads EOF: no CLOSE-WAIT remains and the client holds TIME-WAIT.',
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', '../close-wait-leak/client.ts', 'client'),
  },
  exercises: [closeOnEofFromFixed],
  // The exercise's choreography, then what the kernel shows of the teardown it made.
  plan: (input) => {
    const { port, the } = input;
    return [
      ...closeOnEofPlan(input),
      step(
        "the client's TIME-WAIT and its 60 s; the server's socket is gone",
        the.client.timer('client-time-wait-timer', 'TIME-WAIT', {
          timer: 'timewait',
          minMs: 50_000,
          maxMs: 60_000,
          text: "the client's TIME-WAIT shows timer:(timewait,…) counting down from 60 s",
        }),
        expectServerGone('server-socket-gone', port),
      ),
      step({ title: "the server's FIN on the wire", when: captured }, expectServerFinAcks('server-fin-acks', port)),
      step(
        { title: 'TcpExtTW: when the kernel counts a TIME-WAIT', when: ownNetns },
        expectTimeWaitCounted('tw-counted', 1),
      ),
    ];
  },
});
