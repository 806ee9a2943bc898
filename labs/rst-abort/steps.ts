// The lab's story as steps: the two aborts that need no waiting (the 413 with the body
// unread, the refused dial), the two idle hang-ups (FIN and RST side by side), and what the
// kernel counted for all of it. Every word comes from the catalogue.

import type { PlanInput, Step } from '../kit/lab.ts';
import { step, waitFor } from '../kit/plan.ts';
import {
  expectNoSynResent,
  expectRefusingRst,
  expectReplyBeforeRst,
  expectRstsCounted,
  expectServerClose,
} from './closes.ts';
import { t } from './messages.ts';

export const SMALL = 1024;
export const BIG = 1024 * 1024;
/** How long the servers keep an idle connection before they hang up (a teaching pause). */
export const IDLE_MS = 1000;
/** The kernel answers a SYN to a closed port at once: within this, on the capture's clock. */
const RST_WITHIN_MS = 10;
/** What a client prints when its connection is over, whichever way it ended. */
export const ENDED = /then (EOF|read|write)|closing it myself|connect\(\) failed/;

/** The two servers' ports and the one nobody listens on. */
export function portsOf(port: number) {
  return { fin: port, reset: port + 1, closed: port + 2 };
}

/** The 413 with most of the upload unread: destroy() is close(), and the kernel aborts. */
function unreadClose({ port, the }: PlanInput): Step {
  const ports = portsOf(port);
  return step(
    {
      title: t('unread.step', { big: BIG, port: ports.fin }),
      predict: {
        question: t('unread.predict'),
        expectation: 'unread-close-is-rst',
        choices: ['FIN', 'RST', t('choice.nothing')],
      },
    },
    waitFor('big-client', ENDED, 5000),
    expectServerClose({
      id: 'unread-close-is-rst',
      role: 'big-client',
      serverPort: ports.fin,
      how: 'RST',
      text: t('unread.rst', { port: ports.fin }),
    }),
    expectReplyBeforeRst('reply-survives-rst', 'big-client', ports.fin, t('unread.survives')),
    the.counter('unread-counts-abort-on-close', 'TcpExtTCPAbortOnClose', '==', 1, {
      since: 'clients',
      text: t('unread.counted'),
    }),
  );
}

/** A SYN to a port where nothing listens: the kernel's RST, and connect() fails at once. */
function refusedDial({ port, the }: PlanInput): Step {
  const { closed } = portsOf(port);
  return step(
    {
      title: t('refused.step', { port: closed }),
      predict: {
        question: t('refused.predict', { port: closed }),
        expectation: 'connect-econnrefused',
        choices: ['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE'],
      },
    },
    waitFor('refused-client', /connect\(\) failed/, 5000),
    expectRefusingRst(
      'syn-answered-by-rst',
      closed,
      RST_WITHIN_MS,
      t('refused.rst', { port: closed, ms: RST_WITHIN_MS }),
    ),
    the.output('connect-econnrefused', 'refused-client', /connect\(\) failed after \d+ ms: ECONNREFUSED/, {
      text: t('refused.error'),
      answer: 'ECONNREFUSED',
    }),
    expectNoSynResent('refused-at-once', closed, 'refused-client', t('refused.once')),
    the.counter('refused-attempt-fails', 'TcpAttemptFails', '==', 1, { since: 'clients', text: t('refused.counted') }),
  );
}

/** The two closes that need no waiting: a 413 with the body unread, and a refused dial. */
export function immediateAborts(input: PlanInput): Step[] {
  return [unreadClose(input), refusedDial(input)];
}

/** After the idle pause the server on the first port hangs up with end(): a FIN. */
function idleFin({ port, scale, the }: PlanInput): Step {
  const { fin } = portsOf(port);
  const idle = scale(IDLE_MS);
  const sides = [t('choice.client'), t('choice.server'), t('choice.both'), t('choice.neither')];
  return step(
    {
      title: t('fin.step', { ms: idle, port: fin }),
      predict: { question: t('fin.predict', { port: fin }), expectation: 'closer-holds-time-wait', choices: sides },
    },
    waitFor('client', ENDED, idle + 5000),
    expectServerClose({
      id: 'idle-close-is-fin',
      role: 'client',
      serverPort: fin,
      how: 'FIN',
      text: t('fin.close', { port: fin }),
    }),
    the.output('client-reads-eof', 'client', /read "201 stored" then EOF/, { text: t('fin.eof') }),
    the.server.count('closer-holds-time-wait', 'TIME-WAIT', '==', 1, {
      text: t('fin.timeWait', { port: fin }),
      answer: t('choice.server'),
    }),
  );
}

/** The same hang-up with resetAndDestroy() (SO_LINGER 0) on the second port: a RST. */
function idleReset({ port, scale, the }: PlanInput): Step {
  const { reset } = portsOf(port);
  return step(
    {
      title: t('reset.step', { port: reset }),
      predict: {
        question: t('reset.predict', { port: reset }),
        expectation: 'reset-client-econnreset',
        choices: ['EOF', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'],
      },
    },
    waitFor('reset-client', ENDED, scale(IDLE_MS) + 5000),
    expectServerClose({
      id: 'reset-close-is-rst',
      role: 'reset-client',
      serverPort: reset,
      how: 'RST',
      text: t('reset.rst', { port: reset }),
    }),
    the.output('reset-client-econnreset', 'reset-client', /then read ECONNRESET/, {
      text: t('reset.econnreset'),
      answer: 'ECONNRESET',
    }),
    the.server.count('reset-server-no-time-wait', 'TIME-WAIT', '==', 0, {
      port: reset,
      within: 0,
      text: t('reset.serverNoTw', { port: reset }),
    }),
    the.client.count('reset-client-no-time-wait', 'TIME-WAIT', '==', 0, {
      port: reset,
      within: 0,
      text: t('reset.clientNoTw', { port: reset }),
    }),
    the.counter('linger-zero-counts-abort-on-data', 'TcpExtTCPAbortOnData', '==', 1, {
      since: 'clients',
      text: t('reset.counted'),
    }),
  );
}

/** The idle connections: one server hangs up with FIN, the other with RST. */
export function idleCloses(input: PlanInput): Step[] {
  return [idleFin(input), idleReset(input)];
}

/** What the kernel counted for the whole story. */
export function countedRsts({ the }: PlanInput): Step {
  return step(
    {
      title: t('counted.step'),
      predict: {
        question: t('counted.predict'),
        expectation: 'aborts-reset-both-ends',
        choices: ['0', '2', '3', '4'],
      },
    },
    expectRstsCounted('every-rst-counted', 'clients', 3),
    the.counter('aborts-reset-both-ends', 'TcpEstabResets', '==', 4, {
      since: 'clients',
      within: 0,
      text: t('counted.estabResets'),
    }),
  );
}
