import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { act, mark, note, signal, start, step, waitExit, waitFor } from '../kit/plan.ts';
import { expectCountOf, expectNoOutput, expectResetCounters, expectResetPerCutOff, expectTally } from './checks.ts';
import { serveManyExercise } from './exercise.ts';
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
const FIRST = 10;
const CLIENTS = 60;

export default defineLab({
  id: 'close-wait-emfile',
  title: 'CLOSE-WAIT at scale: the leak runs out of file descriptors',
  topic: 'teardown',
  seed: '001',
  summary: `A leaking server limited to ${FD_LIMIT} open files keeps one CLOSE-WAIT per client until accept() fails with EMFILE; Node then accepts and closes at once, so new clients connect and are reset. The fixed server stays flat.`,
  needs: { tcpdump: true, tools: ['prlimit'] },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('server', 'server-fixed.ts', 'fixed server'),
    ...playing('client', 'clients.ts', 'clients', 'fixed clients'),
  },
  exercises: [serveManyExercise],
  // The fixed server listens on the next port, so both streams run in one sandbox.
  classify: (port) => classifyByPort([port, port + 1]),
  chart: { state: 'CLOSE-WAIT', role: 'server' },
  timeoutMs: 30_000,
  plan: ({ port, the }) => {
    const fixedPort = port + 1;
    const leaky = limited();
    const fixed = limited();
    /** Accepted connections fit in the slots the limit leaves over those already in use. */
    const room = (server: Limited) => (server.baseline === null ? null : FD_LIMIT - server.baseline);
    let streamFrom = 0;
    const waiting = /waiting for SIGUSR2/;
    return [
      step(
        `the leaking service listens on :${port}, the fixed one on :${fixedPort}; each may open ${FD_LIMIT} files`,
        // The two client streams start now too, and wait for the lab's signal.
        together(
          start('server', { listening: true }),
          start('fixed server', { listening: fixedPort, env: { PORT: String(fixedPort) } }),
          start('clients', { until: waiting, env: { CLIENTS: String(CLIENTS), PAUSE_AFTER: `0,${FIRST}` } }),
          start('fixed clients', {
            until: waiting,
            env: { PORT: String(fixedPort), CLIENTS: String(CLIENTS), PAUSE_AFTER: '0' },
          }),
        ),
        lowerFdLimit(port, leaky),
        lowerFdLimit(fixedPort, fixed),
        expectFdLimit('fd-limit', leaky),
        expectSpareOnRoot('no-spare-on-root-yet', leaky, 0),
      ),
      step(
        `${FIRST} clients, one after another: each leaves one CLOSE-WAIT and one descriptor`,
        mark('stream'),
        act('note where the capture stands', (ctx) => {
          streamFrom = ctx.capture.packets.length;
        }),
        signal('clients', 'SIGUSR2'),
        waitFor('clients', new RegExp(`${FIRST} done, waiting`)),
        the.server.count('close-wait-per-client', 'CLOSE-WAIT', '==', FIRST, {
          text: `within 1 s, exactly ${FIRST} server-side sockets on :${port} are CLOSE-WAIT, one per client that hung up`,
        }),
        expectOpenFds(
          'fd-per-client',
          `the server uses ${FIRST} descriptors more than before the clients came`,
          leaky,
          (b) => b + FIRST,
        ),
        the.client.count('clients-fin-wait-2', 'FIN-WAIT-2', '==', FIRST, {
          text: `the ${FIRST} clients' sockets are FIN-WAIT-2, not TIME-WAIT: their FIN was ACKed, the server's never comes`,
        }),
      ),
      step(
        `${CLIENTS - FIRST} more clients: CLOSE-WAIT climbs until no descriptor is left`,
        signal('clients', 'SIGUSR2'),
        waitFor('clients', /clients: done/, 10_000),
        note(
          `accept() now fails with EMFILE: libuv closes its spare descriptor, accepts, closes, and reopens the spare`,
        ),
        expectCountOf(
          (n) => the.server.count('close-wait-plateau', 'CLOSE-WAIT', '==', n),
          () => room(leaky),
          `CLOSE-WAIT stops at ${FD_LIMIT} minus the descriptors the server held before any client`,
        ),
        expectOpenFds(
          'fds-at-limit',
          `every descriptor below ${FD_LIMIT} is in use: the server can open no more`,
          leaky,
          () => FD_LIMIT,
        ),
        expectTally(
          'clients-cut-off',
          'clients',
          'every client past the limit connected, then was cut off with no answer',
          () => {
            const served = room(leaky);
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
        expectResetPerCutOff('reset-per-cut-off', port, 'clients', () => streamFrom),
        expectResetCounters('rst-counters', 'clients', 'stream'),
        expectSpareOnRoot('spare-on-root', leaky, 1),
        expectNoOutput(
          'node-says-nothing',
          'server',
          /error|EMFILE/i,
          'the server printed no error: Node never reported the EMFILE',
        ),
      ),
      step(
        'restart the server: its leaked sockets close with it',
        signal('server', 'SIGTERM'),
        waitExit('server'),
        the.server.count('restart-clears', 'CLOSE-WAIT', '==', 0, {
          text: `within 1 s, no server-side socket on :${port} is CLOSE-WAIT: the kernel closed them when the process died`,
        }),
        expectCountOf(
          (n) => the.client.count('served-clients-time-wait', 'TIME-WAIT', '==', n),
          () => room(leaky),
          "the served clients' orphaned FIN-WAIT-2 sockets got the server's FIN at last: one TIME-WAIT each",
        ),
      ),
      step(
        `the fixed server (closes on EOF) on :${fixedPort}, same limit, same ${CLIENTS} clients`,
        signal('fixed clients', 'SIGUSR2'),
        waitFor('fixed clients', /clients: done/, 10_000),
        expectTally('fixed-serves-all', 'fixed clients', `all ${CLIENTS} clients were served`, () => ({
          served: CLIENTS,
          cut: 0,
        })),
        the.server.count('fixed-no-close-wait', 'CLOSE-WAIT', '==', 0, { port: fixedPort, within: 0 }),
        expectOpenFds(
          'fixed-fds-flat',
          'the fixed server uses as many descriptors as before the clients came',
          fixed,
          (b) => b,
        ),
        the.client.count('clients-time-wait', 'TIME-WAIT', '==', CLIENTS, {
          port: fixedPort,
          text: `the ${CLIENTS} clients of :${fixedPort}, who closed first, each hold a TIME-WAIT`,
        }),
      ),
    ];
  },
});
