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
    `the leaking service listens on :${port}, the fixed one on :${fixedPort}; each may open ${FD_LIMIT} files`,
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
    `${FIRST} clients, one after another: each leaves one CLOSE-WAIT and one descriptor`,
    mark('stream'),
    act('note where the capture stands', (ctx) => {
      run.streamFrom = ctx.capture.packets.length;
    }),
    signal('clients', 'SIGUSR2'),
    waitFor('clients', new RegExp(`${FIRST} done, waiting`)),
    the.server.count('close-wait-per-client', 'CLOSE-WAIT', '==', FIRST, {
      text: `within 1 s, exactly ${FIRST} server-side sockets on :${port} are CLOSE-WAIT, one per client that hung up`,
    }),
    expectOpenFds(
      'fd-per-client',
      `the server uses ${FIRST} descriptors more than before the clients came`,
      run.leaky,
      (b) => b + FIRST,
    ),
    expectCloseWaitRecvQ(
      'close-wait-eof-read',
      port,
      0,
      'each shows Recv-Q 0: the program read the EOF (the FIN counts one in Recv-Q until read) and kept the socket',
    ),
    the.client.count('clients-fin-wait-2', 'FIN-WAIT-2', '==', FIRST, {
      text: `the ${FIRST} clients' sockets are FIN-WAIT-2, not TIME-WAIT: their FIN was ACKed, the server's never comes`,
    }),
  );
}

/** The rest of the stream: CLOSE-WAIT stops at the limit, later clients are cut off. */
function theWall(run: Run): Step {
  const { port, the } = run;
  return step(
    `${CLIENTS - FIRST} more clients: CLOSE-WAIT climbs until no descriptor is left`,
    signal('clients', 'SIGUSR2'),
    waitFor('clients', new RegExp(`done with :${port},`), 10_000),
    note(`accept() now fails with EMFILE: libuv closes its spare descriptor, accepts, closes, and reopens the spare`),
    expectCountOf(
      (n) => the.server.count('close-wait-plateau', 'CLOSE-WAIT', '==', n),
      () => room(run.leaky),
      `CLOSE-WAIT stops at ${FD_LIMIT} minus the descriptors the server held before any client`,
    ),
    expectOpenFds(
      'fds-at-limit',
      `every descriptor below ${FD_LIMIT} is in use: the server can open no more`,
      run.leaky,
      () => FD_LIMIT,
    ),
    expectTally(
      'clients-cut-off',
      'clients',
      port,
      'every client past the limit connected, then was cut off with no answer',
      () => {
        const served = room(run.leaky);
        return served === null ? null : { served, cut: CLIENTS - served, never: 0 };
      },
    ),
    the.counter('every-handshake-completed', 'TcpPassiveOpens', '==', CLIENTS, {
      since: 'stream',
      text: `TcpPassiveOpens grew by ${CLIENTS}: the kernel completed every handshake, served or not`,
    }),
    the.counter('no-listen-overflow', 'TcpExtListenOverflows', '==', 0, {
      since: 'stream',
      text: 'TcpExtListenOverflows did not move: the accept queue never filled',
    }),
    the.listener.queue(
      'listener-queue-empty',
      { recvQ: ['==', 0] },
      {
        text: `the listener on :${port} shows Recv-Q 0: libuv drained the accept queue, closing what it took`,
      },
    ),
    expectResetPerCutOff('reset-per-cut-off', port, 'clients', () => run.streamFrom),
    expectResetCounters('rst-counters', 'clients', port, 'stream'),
    expectSpareOnRoot('spare-on-root', run.leaky, 1),
    expectNoOutput(
      'node-says-nothing',
      'server',
      /error|EMFILE/i,
      'the server printed no error: Node never reported the EMFILE',
    ),
  );
}

/** Killing the leaking server closes what it leaked. */
function restart(run: Run): Step {
  const { port, the } = run;
  return step(
    'restart the server: its leaked sockets close with it',
    signal('server', 'SIGTERM'),
    waitExit('server'),
    the.server.count('restart-clears', 'CLOSE-WAIT', '==', 0, {
      text: `within 1 s, no server-side socket on :${port} is CLOSE-WAIT: the kernel closed them when the process died`,
    }),
    expectCountOf(
      (n) => the.client.count('served-clients-time-wait', 'TIME-WAIT', '==', n),
      () => room(run.leaky),
      "the served clients' orphaned FIN-WAIT-2 sockets got the server's FIN at last: one TIME-WAIT each",
    ),
  );
}

/** The fixed server under the same load stays flat. */
function fixedServer(run: Run): Step {
  const { fixedPort, the } = run;
  return step(
    `the fixed server (closes on EOF) on :${fixedPort}, same limit, same ${CLIENTS} clients`,
    signal('clients', 'SIGUSR2'),
    waitFor('clients', new RegExp(`done with :${fixedPort},`), 10_000),
    expectTally('fixed-serves-all', 'clients', fixedPort, `all ${CLIENTS} clients were served`, () => ({
      served: CLIENTS,
      cut: 0,
    })),
    the.server.count('fixed-no-close-wait', 'CLOSE-WAIT', '==', 0, { port: fixedPort, within: 0 }),
    expectOpenFds(
      'fixed-fds-flat',
      'the fixed server uses as many descriptors as before the clients came',
      run.fixed,
      (b) => b,
    ),
    the.client.count('clients-time-wait', 'TIME-WAIT', '==', CLIENTS, {
      port: fixedPort,
      text: `the ${CLIENTS} clients of :${fixedPort}, who closed first, each hold a TIME-WAIT`,
    }),
  );
}
