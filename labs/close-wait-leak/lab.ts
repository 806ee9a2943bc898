import { expectWasState } from '../../checker/wire-state.ts';
import { closeOnEofExercise, seedOpening } from '../close-wait-fixed/close-on-eof.ts';
import { ownNetns } from '../close-wait-fixed/conditions.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { pause, start, step, waitExit } from '../kit/plan.ts';
import { expectSysctl } from '../sysctl-audit/expect-sysctl.ts';
import { expectCurrEstab, expectNoTimer, printedPort } from './checks.ts';

/** tcp_fin_timeout in a fresh namespace, in seconds (the kernel's default, TCP_FIN_TIMEOUT). */
const FIN_TIMEOUT = 60;

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
    ...playing('client', 'client-exits.ts', 'exiting client'),
  },
  // The exercise: fix this server. `tcplabs check close-wait-leak --server your-server.ts`.
  exercises: [closeOnEofExercise],
  plan: ({ port, scale, the, ...input }) => [
    // ESTAB lasts only until the client's FIN (300 ms in fast mode): ss now, or the capture.
    ...seedOpening(
      { port, scale, the, ...input },
      expectWasState({ id: 'client-established', side: 'client', port, state: 'ESTAB' }),
    ),
    step(
      {
        title: 'server reads EOF and ignores it',
        predict: {
          question:
            "The client has sent its FIN and the server's program ignores the EOF. What state is the server's socket in?",
          expectation: 'server-close-wait',
          choices: ['ESTAB', 'CLOSE-WAIT', 'TIME-WAIT', 'CLOSED'],
        },
      },
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
      expectNoTimer({
        id: 'close-wait-no-timer',
        side: 'server',
        port,
        state: 'CLOSE-WAIT',
        text: 'ss -o shows no timer on the CLOSE-WAIT socket: nothing in the kernel will end it',
      }),
    ),
    step(
      { title: 'TcpCurrEstab, a gauge: does it count the CLOSE-WAIT socket?', when: ownNetns },
      expectCurrEstab('curr-estab-close-wait'),
    ),
    step(
      'the Node client ended its side and is still running: its FIN-WAIT-2 waits with no timer',
      expectNoTimer({
        id: 'client-fin-wait-2-no-timer',
        side: 'client',
        port,
        state: 'FIN-WAIT-2',
        localPort: (env) => printedPort(env, 'client'),
        text: "ss -o shows no timer on the Node client's FIN-WAIT-2: its program still holds the socket, so it waits for the server's FIN for ever",
      }),
    ),
    step(
      "a client that closes and exits, as the seed's Go client does: an orphan in FIN-WAIT-2",
      start('exiting client', { until: /closed the socket and exits/, timeoutMs: scale(3000) + 5000 }),
      waitExit('exiting client'),
      expectSysctl(
        'fin-timeout-default',
        'net.ipv4.tcp_fin_timeout',
        String(FIN_TIMEOUT),
        `a fresh namespace has tcp_fin_timeout = ${FIN_TIMEOUT} s (the kernel's default)`,
      ),
      the.client.timer('orphan-fin-wait-2-timer', 'FIN-WAIT-2', {
        timer: 'timewait',
        minMs: (FIN_TIMEOUT - 10) * 1000,
        maxMs: FIN_TIMEOUT * 1000,
        which: (row, env) => row.local.port === printedPort(env, 'exiting client'),
        text: `the orphan's FIN-WAIT-2 shows timer:(timewait,…) counting down from tcp_fin_timeout (${FIN_TIMEOUT} s): then the kernel frees it`,
      }),
      the.server.count('two-close-waits', 'CLOSE-WAIT', '==', 2, {
        text: `the server leaks a second CLOSE-WAIT: within 1 s, exactly 2 server-side sockets on :${port} are CLOSE-WAIT`,
      }),
    ),
  ],
});
