import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, type PlanInput, playing, type Step } from '../kit/lab.ts';
import { act, mark, start, step, waitFor } from '../kit/plan.ts';
import { expectNoSynResent, expectRefusingRst, expectRstsCounted, expectServerClose } from './closes.ts';
import { rejectGracefullyExercise } from './reject-gracefully.ts';

const SMALL = 1024;
const BIG = 1024 * 1024;
/** How long the servers keep an idle connection before they hang up (a teaching pause). */
const IDLE_MS = 1000;
/** The kernel answers a SYN to a closed port at once: within this, on the capture's clock. */
const RST_WITHIN_MS = 10;
/** What a client prints when its connection is over, whichever way it ended. */
export const ENDED = /then (EOF|read|write)|closing it myself|connect\(\) failed/;

/** The two servers' ports and the one nobody listens on. */
export function portsOf(port: number) {
  return { fin: port, reset: port + 1, closed: port + 2 };
}

/** The two closes that need no waiting: a 413 with the body unread, and a refused dial. */
function immediateAborts({ port, the }: PlanInput): Step[] {
  const ports = portsOf(port);
  return [
    step(
      `the ${BIG}-byte upload, over the limit of :${ports.fin}: 413, then destroy() with the body unread`,
      waitFor('big-client', ENDED, 5000),
      expectServerClose({
        id: 'unread-close-is-rst',
        role: 'big-client',
        serverPort: ports.fin,
        how: 'RST',
        text: `the capture shows :${ports.fin} answering 413, then a RST and no FIN: close() with unread data aborts`,
      }),
      the.output('reply-survives-rst', 'big-client', /read "413 too large" then/, {
        text: 'the client still read the 413: a RST ends the connection, it does not take back bytes already received',
      }),
      the.counter('unread-counts-abort-on-close', 'TcpExtTCPAbortOnClose', '==', 1, {
        since: 'clients',
        text: 'TcpExtTCPAbortOnClose grew by exactly 1: a close() that threw away unread data',
      }),
    ),
    step(
      `the dial to :${ports.closed}, where nothing listens: the kernel answers the SYN with RST`,
      waitFor('refused-client', /connect\(\) failed/, 5000),
      expectRefusingRst(
        'syn-answered-by-rst',
        ports.closed,
        RST_WITHIN_MS,
        `the SYN to :${ports.closed} is answered by RST/ACK within ${RST_WITHIN_MS} ms (the capture's clock)`,
      ),
      the.output('connect-econnrefused', 'refused-client', /connect\(\) failed after \d+ ms: ECONNREFUSED/, {
        text: 'connect() fails with ECONNREFUSED',
      }),
      expectNoSynResent(
        'refused-at-once',
        ports.closed,
        'refused-client',
        'connect() failed on its first SYN: the capture shows no SYN sent again',
      ),
      the.counter('refused-attempt-fails', 'TcpAttemptFails', '==', 1, {
        since: 'clients',
        text: 'TcpAttemptFails grew by exactly 1: the one connection that died in SYN-SENT',
      }),
    ),
  ];
}

/** The idle connections: one server hangs up with FIN, the other with RST. */
function idleCloses({ port, scale, the }: PlanInput): Step[] {
  const ports = portsOf(port);
  const idle = scale(IDLE_MS);
  return [
    step(
      `after ${idle} ms idle, :${ports.fin} hangs up with end(): FIN`,
      waitFor('client', ENDED, idle + 5000),
      expectServerClose({
        id: 'idle-close-is-fin',
        role: 'client',
        serverPort: ports.fin,
        how: 'FIN',
        text: `the capture shows the FIN of :${ports.fin}, and no RST either way`,
      }),
      the.output('client-reads-eof', 'client', /read "201 stored" then EOF/, {
        text: "the client reads the answer, then EOF: the server's FIN is a clean end of the stream",
      }),
      the.server.count('closer-holds-time-wait', 'TIME-WAIT', '==', 1, {
        text: `within 1 s, the server side of :${ports.fin}, which closed first, holds the connection's TIME-WAIT (the aborted upload left none)`,
      }),
    ),
    step(
      `:${ports.reset} hangs up with resetAndDestroy() (SO_LINGER 0): RST`,
      waitFor('reset-client', ENDED, idle + 5000),
      expectServerClose({
        id: 'reset-close-is-rst',
        role: 'reset-client',
        serverPort: ports.reset,
        how: 'RST',
        text: `the capture shows a RST from :${ports.reset} and no FIN: the connection was aborted, not closed`,
      }),
      the.output('reset-client-econnreset', 'reset-client', /then read ECONNRESET/, {
        text: "the client's read fails with ECONNRESET",
      }),
      the.server.count('reset-server-no-time-wait', 'TIME-WAIT', '==', 0, {
        port: ports.reset,
        within: 0,
        text: `the server side of :${ports.reset} holds no TIME-WAIT, though it closed first`,
      }),
      the.client.count('reset-client-no-time-wait', 'TIME-WAIT', '==', 0, {
        port: ports.reset,
        within: 0,
        text: `nor does the client side of :${ports.reset}: an abort leaves no TIME-WAIT anywhere`,
      }),
      the.counter('linger-zero-counts-abort-on-data', 'TcpExtTCPAbortOnData', '==', 1, {
        since: 'clients',
        text: 'TcpExtTCPAbortOnData grew by exactly 1: the kernel counts a SO_LINGER 0 close there',
      }),
    ),
  ];
}

/** What the kernel counted for the whole story. */
function countedRsts({ the }: PlanInput): Step {
  return step(
    'what the kernel counted',
    expectRstsCounted('every-rst-counted', 'clients', 3),
    the.counter('aborts-reset-both-ends', 'TcpEstabResets', '==', 4, {
      since: 'clients',
      within: 0,
      text: 'TcpEstabResets grew by 4: both ends of each aborted connection went from ESTAB straight to CLOSED (the graceful close and the refused dial count none)',
    }),
  );
}

export default defineLab({
  id: 'rst-abort',
  title: 'RST: aborting a connection instead of closing it',
  topic: 'teardown',
  seed: '000',
  summary:
    'Next to a graceful close (FIN, TIME-WAIT), three RSTs: resetAndDestroy() (SO_LINGER 0) leaves no TIME-WAIT and the peer reads ECONNRESET; close() with unread data aborts too; a SYN to a closed port gets RST, so ECONNREFUSED comes at once.',
  needs: { tcpdump: true },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server', 'reset-server'),
    ...playing('client', 'client.ts', 'client', 'reset-client', 'big-client', 'refused-client'),
  },
  classify: (port) => {
    const ports = portsOf(port);
    return classifyByPort([ports.fin, ports.reset, ports.closed]);
  },
  exercises: [rejectGracefullyExercise],
  timeoutMs: 30_000,
  plan: (input) => {
    const { port, scale } = input;
    const ports = portsOf(port);
    const idle = String(scale(IDLE_MS));
    return [
      step(
        `two upload servers (limit 64 KiB): :${ports.fin} hangs up idle connections with end(), :${ports.reset} with resetAndDestroy()`,
        // Started together, so the two start-ups overlap.
        start('reset-server', { env: { PORT: String(ports.reset), CLOSE: 'reset', IDLE_MS: idle } }),
        start('server', { listening: true, env: { IDLE_MS: idle } }),
        act(`wait until the reset-server listens on :${ports.reset}`, (ctx) =>
          ctx.waitListening(ctx.proc('reset-server'), ports.reset),
        ),
      ),
      step(
        `four clients at once: ${BIG} bytes to :${ports.fin}, a dial to :${ports.closed}, ${SMALL} bytes to each server`,
        mark('clients'),
        start('big-client', { env: { BYTES: String(BIG) } }),
        start('refused-client', { env: { PORT: String(ports.closed) } }),
        start('client', { env: { BYTES: String(SMALL) } }),
        start('reset-client', { env: { PORT: String(ports.reset), BYTES: String(SMALL) } }),
      ),
      ...immediateAborts(input),
      ...idleCloses(input),
      countedRsts(input),
    ];
  },
});
