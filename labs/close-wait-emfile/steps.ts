// The steps of close-wait-emfile, one function each; `Run` is what they share during a run
// (filled in by the actions, read by the expectations when they are judged).

import type { Bound } from '../kit/bound.ts';
import type { Step } from '../kit/lab.ts';
import { act, mark, note, signal, start, step, waitExit, waitFor } from '../kit/plan.ts';
import {
  expectCloseWaitRecvQ,
  expectCountOf,
  expectNoOutput,
  expectResetCounters,
  expectResetPerCutOff,
  expectTally,
} from './checks.ts';
import {
  expectFdLimit,
  expectOpenFds,
  expectSpareOnRoot,
  FD_LIMIT,
  type Limited,
  limited,
  lowerFdLimit,
} from './fd-limit.ts';
import { t } from './messages.ts';
import { together } from './together.ts';

/** The first batch, one by one, then the rest of the stream: more than the limit allows. */
export const FIRST = 10;
export const CLIENTS = 60;
const waiting = /waiting for SIGUSR2/;

export interface Run {
  port: number;
  /** The fixed server listens on the next port, so both can run at once. */
  fixedPort: number;
  the: Bound;
  leaky: Limited;
  fixed: Limited;
  /** How many captured segments came before the stream. */
  streamFrom: number;
}

export function newRun(port: number, the: Bound): Run {
  return { port, fixedPort: port + 1, the, leaky: limited(), fixed: limited(), streamFrom: 0 };
}

/** Accepted connections fit in the slots the limit leaves over those already in use. */
const room = (server: Limited) => (server.baseline === null ? null : FD_LIMIT - server.baseline);

export function emfileSteps(run: Run): Step[] {
  return [opening(run), firstBatch(run), theWall(run), restart(run), fixedServer(run)];
}

/** Both servers up, both client streams started (they wait for the signal), both limits lowered. */
function opening(run: Run): Step {
  const { port, fixedPort } = run;
  return step(
    t('step.opening', { port, fixedPort, limit: FD_LIMIT }),
    // The client stream starts now too, and waits for the lab's signal: first the leaking
    // server's port, then the fixed one's.
    together(
      start('server', { listening: true }),
      start('fixed server', { listening: fixedPort, env: { PORT: String(fixedPort) } }),
      start('clients', {
        until: waiting,
        env: { PORTS: `${port},${fixedPort}`, CLIENTS: String(CLIENTS), PAUSE_AFTER: `0,${FIRST},${CLIENTS}` },
      }),
    ),
    lowerFdLimit(port, run.leaky),
    lowerFdLimit(fixedPort, run.fixed),
    expectFdLimit('fd-limit', run.leaky),
    expectSpareOnRoot('no-spare-on-root-yet', run.leaky, 0),
  );
}

/** The first clients, one by one: one CLOSE-WAIT and one descriptor each. */
function firstBatch(run: Run): Step {
  const { port, the } = run;
  return step(
    {
      title: t('step.firstBatch', { n: FIRST }),
      predict: {
        question: t('predict.firstBatch', { n: FIRST, port }),
        expectation: 'close-wait-per-client',
        choices: ['0', '1', String(FIRST), String(2 * FIRST)],
      },
    },
    mark('stream'),
    act(t('act.noteCapture'), (ctx) => {
      run.streamFrom = ctx.capture.packets.length;
    }),
    signal('clients', 'SIGUSR2'),
    waitFor('clients', new RegExp(`${FIRST} done, waiting`)),
    the.server.count('close-wait-per-client', 'CLOSE-WAIT', '==', FIRST, {
      text: t('expect.closeWaitPerClient', { n: FIRST, port }),
    }),
    expectOpenFds('fd-per-client', t('expect.fdPerClient', { n: FIRST }), run.leaky, (b) => b + FIRST),
    expectCloseWaitRecvQ('close-wait-eof-read', port, 0, t('expect.closeWaitEofRead')),
    the.client.count('clients-fin-wait-2', 'FIN-WAIT-2', '==', FIRST, {
      text: t('expect.clientsFinWait2', { n: FIRST }),
    }),
  );
}

/** The rest of the stream: CLOSE-WAIT stops at the limit, later clients are cut off. */
function theWall(run: Run): Step {
  const { port, the } = run;
  const cutOff = t('choice.cutOff');
  return step(
    {
      title: t('step.wall', { n: CLIENTS - FIRST }),
      predict: {
        question: t('predict.wall'),
        expectation: 'clients-cut-off',
        choices: [t('choice.refused'), t('choice.hangs'), cutOff, t('choice.slow')],
      },
    },
    signal('clients', 'SIGUSR2'),
    waitFor('clients', new RegExp(`done with :${port},`), 10_000),
    note(t('note.emfile')),
    expectCountOf(
      (n) => the.server.count('close-wait-plateau', 'CLOSE-WAIT', '==', n),
      () => room(run.leaky),
      t('expect.plateau', { limit: FD_LIMIT }),
    ),
    expectOpenFds('fds-at-limit', t('expect.fdsAtLimit', { limit: FD_LIMIT }), run.leaky, () => FD_LIMIT),
    expectTally(
      'clients-cut-off',
      'clients',
      port,
      t('expect.clientsCutOff'),
      () => {
        const served = room(run.leaky);
        return served === null ? null : { served, cut: CLIENTS - served, never: 0 };
      },
      { answer: cutOff },
    ),
    the.counter('every-handshake-completed', 'TcpPassiveOpens', '==', CLIENTS, {
      since: 'stream',
      text: t('expect.everyHandshake', { n: CLIENTS }),
    }),
    the.counter('no-listen-overflow', 'TcpExtListenOverflows', '==', 0, {
      since: 'stream',
      text: t('expect.noListenOverflow'),
    }),
    the.listener.queue(
      'listener-queue-empty',
      { recvQ: ['==', 0] },
      { text: t('expect.listenerQueueEmpty', { port }) },
    ),
    expectResetPerCutOff('reset-per-cut-off', port, 'clients', () => run.streamFrom),
    expectResetCounters('rst-counters', 'clients', port, 'stream'),
    expectSpareOnRoot('spare-on-root', run.leaky, 1),
    expectNoOutput('node-says-nothing', 'server', /error|EMFILE/i, t('expect.nodeSaysNothing')),
  );
}

/** Killing the leaking server closes what it leaked. */
function restart(run: Run): Step {
  const { port, the } = run;
  return step(
    {
      title: t('step.restart'),
      predict: {
        question: t('predict.restart'),
        expectation: 'served-clients-time-wait',
        choices: ['FIN-WAIT-2', 'TIME-WAIT', 'CLOSED', 'CLOSE-WAIT'],
      },
    },
    signal('server', 'SIGTERM'),
    waitExit('server'),
    the.server.count('restart-clears', 'CLOSE-WAIT', '==', 0, {
      text: t('expect.restartClears', { port }),
    }),
    expectCountOf(
      (n) => the.client.count('served-clients-time-wait', 'TIME-WAIT', '==', n),
      () => room(run.leaky),
      t('expect.servedTimeWait'),
      { answer: 'TIME-WAIT' },
    ),
  );
}

/** The fixed server under the same load stays flat. */
function fixedServer(run: Run): Step {
  const { fixedPort, the } = run;
  return step(
    t('step.fixed', { port: fixedPort, n: CLIENTS }),
    signal('clients', 'SIGUSR2'),
    waitFor('clients', new RegExp(`done with :${fixedPort},`), 10_000),
    expectTally('fixed-serves-all', 'clients', fixedPort, t('expect.fixedServesAll', { n: CLIENTS }), () => ({
      served: CLIENTS,
      cut: 0,
    })),
    the.server.count('fixed-no-close-wait', 'CLOSE-WAIT', '==', 0, { port: fixedPort, within: 0 }),
    expectOpenFds('fixed-fds-flat', t('expect.fixedFdsFlat'), run.fixed, (b) => b),
    the.client.count('clients-time-wait', 'TIME-WAIT', '==', CLIENTS, {
      port: fixedPort,
      text: t('expect.clientsTimeWait', { n: CLIENTS, port: fixedPort }),
    }),
  );
}
