// The steps of pool-close-wait, one function each, and the timings they share.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { together } from '../close-wait-emfile/together.ts';
import type { Bound } from '../kit/bound.ts';
import type { Action, PlanInput, Step } from '../kit/lab.ts';
import { act, mark, nft, pause, start, step, waitFor } from '../kit/plan.ts';
import { dropOnArrival } from '../syn-flood/queue-labs.ts';
import { expectClientFrom, expectCloseWaitSpans, expectResetAfterFin, expectServerTo } from './wire.ts';

/** Who connects from where: the lab tells the four clients apart by address. */
export const BUSY = '127.0.0.1';
export const RACING = '127.0.0.2';
export const SHORT = '127.0.0.3';
export const FREE = '127.0.0.4';
export const ROLE_OF: Record<string, string> = {
  [BUSY]: 'busy client',
  [RACING]: 'racing client',
  [SHORT]: 'short-idle client',
  [FREE]: 'free client',
};
const roles = Object.values(ROLE_OF);

interface Run {
  port: number;
  the: Bound;
  /** The server's idle timeout. */
  idleMs: number;
  /** The short-idle client's pool timeout, below the server's. */
  poolTimeoutMs: number;
  /** The busy spell goes on this long after the server's FINs: its CLOSE-WAIT lasts at least that. */
  lingerMs: number;
}

export function poolSteps({ port, scale, the }: PlanInput): Step[] {
  // The pool's timeout well below the server's, so a slow machine does not swap their order.
  const run = { port, the, idleMs: scale(3000), poolTimeoutMs: scale(500), lingerMs: scale(1000) };
  return [opening(run), firstRequests(run), shortIdleCloses(run), serverCloses(run), secondRequests(run)];
}

function client(role: string, address: string, env: Record<string, string> = {}): Action {
  return start(role, {
    until: /client: ready/,
    env: { LOCAL_ADDRESS: address, START_CUE: 'start', AGAIN_CUE: 'again', ...env },
  });
}

/** The clients wait for a file in the run folder before each request. */
function go(name: string): Action {
  return act(`create the cue file ${name} in the run folder: the clients wait for it`, (ctx) => {
    writeFileSync(path.join(ctx.runDir, name), '');
  });
}

/** The server, the nft rule for the racing client, and the four clients, all started at once. */
function opening(run: Run): Step {
  const { port, idleMs, poolTimeoutMs } = run;
  return step(
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
  );
}

/** Each client makes its first request; the pools keep their connections. */
function firstRequests(run: Run): Step {
  const { port } = run;
  return step(
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
  );
}

/** The short-idle client's pool closes first. */
function shortIdleCloses(run: Run): Step {
  const { port, idleMs, poolTimeoutMs } = run;
  return step(
    `the short-idle client's pool closes its connection after ${poolTimeoutMs} ms, before the server does`,
    waitFor('short-idle client', /the pool closes it/, idleMs + 5000),
    expectClientFrom(
      'short-idle-time-wait',
      'it closed first, so the client side holds TIME-WAIT',
      port,
      SHORT,
      'TIME-WAIT',
    ),
  );
}

/** The server's idle timeout: the busy pool holds a CLOSE-WAIT, the racing one never got the FIN. */
function serverCloses(run: Run): Step {
  const { port, idleMs, lingerMs } = run;
  return step(
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
  );
}

/** Request 2: two RSTs, two new connections. */
function secondRequests(run: Run): Step {
  const { port, the, lingerMs } = run;
  return step(
    `${lingerMs} ms later, each client sends its second request`,
    pause(lingerMs),
    go('again'),
    ...roles.map((role) => waitFor(role, /client: done/)),
    the.output('busy-hang-up', 'busy client', /request 2 on the pooled connection .*ECONNRESET \(socket hang up\)/, {
      text: 'the busy client sent it on the closed connection: ECONNRESET (socket hang up)',
    }),
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
    the.output('racing-reset', 'racing client', /request 2 on the pooled connection .*ECONNRESET \(read ECONNRESET\)/, {
      text: 'the racing client, loop free but FIN not yet there, got ECONNRESET (read ECONNRESET)',
    }),
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
  );
}
