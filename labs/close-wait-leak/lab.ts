import { expectSysctl } from '../../checker/expect-sysctl.ts';
import { expectWasState } from '../../checker/wire-state.ts';
import { closeOnEofExercise, seedOpening } from '../close-wait-fixed/close-on-eof.ts';
import { ownNetns } from '../close-wait-fixed/conditions.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { pause, start, step, waitExit } from '../kit/plan.ts';
import { expectCurrEstab, expectNoTimer, printedPort } from './checks.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';

/** tcp_fin_timeout in a fresh namespace, in seconds (the kernel's default, TCP_FIN_TIMEOUT). */
const FIN_TIMEOUT = 60;
/** The timers ss -o can show: the choices of both questions about a socket's timer. */
const timers = () => [t('choice.keepalive'), t('choice.on'), t('choice.timewait'), t('choice.none')];

export default defineLab({
  id: 'close-wait-leak',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '001',
  get summary() {
    return t('summary');
  },
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client'),
    ...playing('client', 'client-exits.ts', 'exiting client'),
  },
  // The exercise: fix this server. `tcplabs check close-wait-leak --server your-server.ts`.
  exercises: [closeOnEofExercise],
  get interview() {
    return interviewQuestions();
  },
  plan: ({ port, scale, the, ...input }) => [
    // ESTAB lasts only until the client's FIN (300 ms in fast mode): ss now, or the capture.
    ...seedOpening(
      { port, scale, the, ...input },
      expectWasState({
        id: 'client-established',
        side: 'client',
        port,
        state: 'ESTAB',
        text: t('established', { port }),
      }),
    ),
    step(
      {
        title: t('ignores.step'),
        predict: {
          question: t('ignores.predict'),
          expectation: 'server-close-wait',
          choices: ['ESTAB', 'CLOSE-WAIT', 'TIME-WAIT', 'CLOSED'],
        },
      },
      the.server.is('server-close-wait', 'CLOSE-WAIT', { text: t('ignores.closeWait', { port }) }),
      the.client.is('client-fin-wait-2', 'FIN-WAIT-2', { text: t('ignores.finWait2') }),
    ),
    step(
      {
        title: t('stays.step', { ms: scale(2000) }),
        predict: { question: t('stays.predict'), expectation: 'close-wait-no-timer', choices: timers() },
      },
      pause(scale(2000)),
      the.server.is('still-close-wait', 'CLOSE-WAIT', {
        within: 0,
        text: t('stays.still', { ms: scale(2000) }),
      }),
      expectNoTimer({
        id: 'close-wait-no-timer',
        side: 'server',
        port,
        state: 'CLOSE-WAIT',
        text: t('stays.noTimer'),
        answer: t('choice.none'),
      }),
    ),
    step({ title: t('gauge.step'), when: ownNetns }, expectCurrEstab('curr-estab-close-wait')),
    step(
      t('node.step'),
      expectNoTimer({
        id: 'client-fin-wait-2-no-timer',
        side: 'client',
        port,
        state: 'FIN-WAIT-2',
        localPort: (env) => printedPort(env, 'client'),
        text: t('node.noTimer'),
      }),
    ),
    step(
      {
        title: t('orphan.step'),
        predict: { question: t('orphan.predict'), expectation: 'orphan-fin-wait-2-timer', choices: timers() },
      },
      start('exiting client', { until: /closed the socket and exits/, timeoutMs: scale(3000) + 5000 }),
      waitExit('exiting client'),
      expectSysctl(
        'fin-timeout-default',
        'net.ipv4.tcp_fin_timeout',
        String(FIN_TIMEOUT),
        t('orphan.finTimeout', { s: FIN_TIMEOUT }),
      ),
      the.client.timer('orphan-fin-wait-2-timer', 'FIN-WAIT-2', {
        timer: 'timewait',
        minMs: (FIN_TIMEOUT - 10) * 1000,
        maxMs: FIN_TIMEOUT * 1000,
        which: (row, env) => row.local.port === printedPort(env, 'exiting client'),
        text: t('orphan.timer', { s: FIN_TIMEOUT }),
        answer: t('choice.timewait'),
      }),
      the.server.count('two-close-waits', 'CLOSE-WAIT', '==', 2, {
        text: t('orphan.twoCloseWaits', { port }),
      }),
    ),
  ],
});
