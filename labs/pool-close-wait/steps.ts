// The steps of pool-close-wait, one function each, and the timings they share.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { together } from '../close-wait-emfile/together.ts';
import type { Bound } from '../kit/bound.ts';
import type { Action, PlanInput, Step } from '../kit/lab.ts';
import { act, mark, nft, pause, start, step, waitFor } from '../kit/plan.ts';
import { dropOnArrival } from '../syn-flood/queue-labs.ts';
import { t } from './messages.ts';
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
/** The states a pooled socket may be in: the choices of two predictions. */
const states = ['ESTAB', 'CLOSE-WAIT', 'FIN-WAIT-2', 'TIME-WAIT'];

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
  return act(t('act.cue', { name }), (ctx) => {
    writeFileSync(path.join(ctx.runDir, name), '');
  });
}

/** The server, the nft rule for the racing client, and the four clients, all started at once. */
function opening(run: Run): Step {
  const { port, idleMs, poolTimeoutMs } = run;
  return step(
    t('open.step', { port, idleMs }),
    nft(
      'hold_fins',
      dropOnArrival(`ip daddr ${RACING} tcp sport ${port} tcp flags & fin == fin`),
      t('open.nft', { address: RACING }),
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
    t('first.step'),
    mark('pool'),
    go('start'),
    ...roles.map((role) => waitFor(role, /request 1 →/)),
    expectClientFrom('pooled-connection', t('first.pooled'), port, BUSY, ['ESTAB', 'CLOSE-WAIT']),
  );
}

/** The short-idle client's pool closes first. */
function shortIdleCloses(run: Run): Step {
  const { port, idleMs, poolTimeoutMs } = run;
  return step(
    {
      title: t('short.step', { ms: poolTimeoutMs }),
      predict: { question: t('short.predict'), expectation: 'short-idle-time-wait', choices: states },
    },
    waitFor('short-idle client', /the pool closes it/, idleMs + 5000),
    expectClientFrom('short-idle-time-wait', t('short.timeWait'), port, SHORT, 'TIME-WAIT'),
  );
}

/** The server's idle timeout: the busy pool holds a CLOSE-WAIT, the racing one never got the FIN. */
function serverCloses(run: Run): Step {
  const { port, idleMs, lingerMs } = run;
  return step(
    {
      title: t('server.step', { idleMs }),
      predict: { question: t('server.predict'), expectation: 'pool-close-wait', choices: states },
    },
    ...[BUSY, RACING, FREE].map((address) =>
      waitFor('server', new RegExp(`${address.replaceAll('.', '\\.')}:\\d+ idle`), idleMs + 5000),
    ),
    expectClientFrom('pool-close-wait', t('server.poolCloseWait'), port, BUSY, 'CLOSE-WAIT', 1),
    expectServerTo('server-fin-wait-2', t('server.finWait2'), port, BUSY, 'FIN-WAIT-2'),
    expectClientFrom('racing-still-estab', t('server.racingEstab'), port, RACING, 'ESTAB'),
    expectServerTo('racing-server-fin-wait-1', t('server.racingFinWait1'), port, RACING, 'FIN-WAIT-1'),
    expectCloseWaitSpans('free-drops-at-once', t('server.freeDrops', { ms: lingerMs }), port, FREE, {
      maxMs: lingerMs,
      some: true,
    }),
    expectServerTo('keep-alive-time-wait', t('server.keepAliveTimeWait'), port, FREE, 'TIME-WAIT'),
  );
}

/** Request 2: two RSTs, two new connections. */
function secondRequests(run: Run): Step {
  const { port, the, lingerMs } = run;
  return step(
    {
      title: t('again.step', { ms: lingerMs }),
      predict: {
        question: t('again.predict'),
        expectation: 'busy-rst',
        choices: ['200 OK', 'RST', 'FIN', t('choice.nothing')],
      },
    },
    pause(lingerMs),
    go('again'),
    ...roles.map((role) => waitFor(role, /client: done/)),
    the.output('busy-hang-up', 'busy client', /request 2 on the pooled connection .*ECONNRESET \(socket hang up\)/, {
      text: t('again.busyHangUp'),
    }),
    expectResetAfterFin('busy-rst', t('again.busyRst'), port, BUSY),
    expectCloseWaitSpans('close-wait-lingered', t('again.lingered', { ms: lingerMs }), port, BUSY, {
      minMs: lingerMs,
      some: true,
    }),
    the.output('racing-reset', 'racing client', /request 2 on the pooled connection .*ECONNRESET \(read ECONNRESET\)/, {
      text: t('again.racingReset'),
    }),
    expectResetAfterFin('racing-rst', t('again.racingRst'), port, RACING),
    the.counter('abort-on-data', 'TcpExtTCPAbortOnData', '==', 1, {
      since: 'pool',
      text: t('again.abortOnData'),
    }),
    the.counter('two-rsts', 'TcpOutRsts', '==', 2, {
      since: 'pool',
      text: t('again.twoRsts'),
    }),
    the.output('short-idle-new-connection', 'short-idle client', /request 2 → 200 .* on a new connection/, {
      text: t('again.shortNew'),
    }),
    the.output('free-new-connection', 'free client', /request 2 → 200 .* on a new connection/, {
      text: t('again.freeNew'),
    }),
  );
}
