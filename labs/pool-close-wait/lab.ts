import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { together } from '../close-wait-emfile/together.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { act, mark, nft, pause, start, step, waitFor } from '../kit/plan.ts';
import { classifyClients, dropOnArrival } from '../syn-flood/queue-labs.ts';
import { idleTimeoutExercise } from './exercise.ts';
import { expectClientFrom, expectCloseWaitSpans, expectResetAfterFin, expectServerTo } from './wire.ts';

/** Who connects from where: the lab tells the four clients apart by address. */
const BUSY = '127.0.0.1';
const RACING = '127.0.0.2';
const SHORT = '127.0.0.3';
const FREE = '127.0.0.4';
const ROLE_OF: Record<string, string> = {
  [BUSY]: 'busy client',
  [RACING]: 'racing client',
  [SHORT]: 'short-idle client',
  [FREE]: 'free client',
};

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
  classify: classifyClients((address) => ROLE_OF[address] ?? 'client'),
  timeoutMs: 30_000,
  plan: ({ port, scale, the }) => {
    const idleMs = scale(2000);
    const poolTimeoutMs = scale(1000);
    /** The busy spell goes on this long after the server's FINs: its CLOSE-WAIT lasts at least that. */
    const lingerMs = scale(1000);
    const client = (role: string, address: string, env: Record<string, string> = {}) =>
      start(role, {
        until: /client: ready/,
        env: { LOCAL_ADDRESS: address, START_CUE: 'start', AGAIN_CUE: 'again', ...env },
      });
    const roles = Object.values(ROLE_OF);
    const go = (name: string) =>
      act(`create the cue file ${name} in the run folder: the clients wait for it`, (ctx) => {
        writeFileSync(path.join(ctx.runDir, name), '');
      });
    return [
      step(
        `the server listens on :${port}, closing connections idle for ${idleMs} ms; four pooled clients start`,
        nft(
          'hold_fins',
          dropOnArrival(`ip daddr ${RACING} tcp sport ${port} tcp flags & fin == fin`),
          `the server's FINs to ${RACING} are lost on the way`,
        ),
        together(
          start('server', { listening: true, env: { IDLE_MS: String(idleMs) } }),
          client('busy client', BUSY, { BUSY: '1' }),
          client('racing client', RACING),
          client('short-idle client', SHORT, { AGENT_TIMEOUT_MS: String(poolTimeoutMs) }),
          client('free client', FREE),
        ),
      ),
      step(
        'each client makes one request; its pool keeps the connection',
        mark('pool'),
        go('start'),
        ...roles.map((role) => waitFor(role, /request 1 →/)),
        expectClientFrom(
          'pooled-connection',
          "the busy client's pool keeps its connection open (ESTAB, or CLOSE-WAIT once the server has closed)",
          port,
          BUSY,
          ['ESTAB', 'CLOSE-WAIT'],
        ),
      ),
      step(
        `the short-idle client's pool closes its connection after ${poolTimeoutMs} ms, before the server does`,
        waitFor('short-idle client', /the pool closes it/, idleMs + 5000),
        expectClientFrom(
          'short-idle-time-wait',
          'it closed first, so the client side holds TIME-WAIT',
          port,
          SHORT,
          'TIME-WAIT',
        ),
      ),
      step(
        `after ${idleMs} ms idle the server closes the other three (FIN →)`,
        ...[BUSY, RACING, FREE].map((address) =>
          waitFor('server', new RegExp(`${address.replaceAll('.', '\\.')}:\\d+ idle`), idleMs + 5000),
        ),
        expectClientFrom(
          'pool-close-wait',
          "the busy client's pooled connection is CLOSE-WAIT with Recv-Q 1: the FIN arrived, nobody read it",
          port,
          BUSY,
          'CLOSE-WAIT',
          1,
        ),
        expectServerTo(
          'server-fin-wait-2',
          "the server's side of it is FIN-WAIT-2: the client's kernel ACKed the FIN",
          port,
          BUSY,
          'FIN-WAIT-2',
        ),
        expectClientFrom(
          'racing-still-estab',
          `the racing client (its FIN held back) still sees ESTAB`,
          port,
          RACING,
          'ESTAB',
        ),
        expectServerTo(
          'racing-server-fin-wait-1',
          'while the server, its FIN unacknowledged, is FIN-WAIT-1',
          port,
          RACING,
          'FIN-WAIT-1',
        ),
        expectCloseWaitSpans(
          'free-drops-at-once',
          `the free client closed within ${lingerMs} ms of the FIN: Node read the EOF and the pool dropped the socket`,
          port,
          FREE,
          { maxMs: lingerMs, some: true },
        ),
        expectServerTo(
          'keep-alive-time-wait',
          'the server, which closed first, holds TIME-WAIT for that connection: keep-alive moves TIME-WAIT, it does not remove it',
          port,
          FREE,
          'TIME-WAIT',
        ),
      ),
      step(
        `${lingerMs} ms later, each client sends its second request`,
        pause(lingerMs),
        go('again'),
        ...roles.map((role) => waitFor(role, /client: done/)),
        the.output(
          'busy-hang-up',
          'busy client',
          /request 2 on the pooled connection .*ECONNRESET \(socket hang up\)/,
          { text: 'the busy client sent it on the closed connection: ECONNRESET (socket hang up)' },
        ),
        expectResetAfterFin(
          'busy-rst',
          "the capture: the server's FIN, the busy client's request after it, the server's RST",
          port,
          BUSY,
        ),
        expectCloseWaitSpans(
          'close-wait-lingered',
          `the busy client's CLOSE-WAIT lasted until that request, over ${lingerMs} ms: the whole busy spell`,
          port,
          BUSY,
          { minMs: lingerMs, some: true },
        ),
        the.output(
          'racing-reset',
          'racing client',
          /request 2 on the pooled connection .*ECONNRESET \(read ECONNRESET\)/,
          { text: 'the racing client, loop free but FIN not yet there, got ECONNRESET (read ECONNRESET)' },
        ),
        expectResetAfterFin(
          'racing-rst',
          "the capture: the racing client's request after the server's (lost) FIN, and the server's RST",
          port,
          RACING,
        ),
        the.counter('abort-on-data', 'TcpExtTCPAbortOnData', '==', 1, {
          since: 'pool',
          text: "TcpExtTCPAbortOnData grew by 1: the racing request reached a closed socket in FIN-WAIT-1 (the busy client's reached a FIN-WAIT-2 timewait socket, which resets without that counter)",
        }),
        the.counter('two-rsts', 'TcpOutRsts', '==', 2, {
          since: 'pool',
          text: 'TcpOutRsts grew by 2: those two RSTs, no more',
        }),
        the.output('short-idle-new-connection', 'short-idle client', /request 2 → 200 .* on a new connection/, {
          text: 'the short-idle client got its answer on a new connection',
        }),
        the.output('free-new-connection', 'free client', /request 2 → 200 .* on a new connection/, {
          text: 'the free client got its answer on a new connection',
        }),
      ),
    ];
  },
});
