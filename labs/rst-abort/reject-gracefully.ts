// The exercise: the upload server must turn a too-large upload away without a RST, so the
// client reads the 413 and a clean EOF. `tcplabs check rst-abort --server your-server.ts`.
// The learner's file plays the server; the lab's client uploads twice the 64 KiB limit.

import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step, waitFor } from '../kit/plan.ts';
import { expectServerClose } from './closes.ts';
import { t } from './messages.ts';

// Twice the limit: more than the server's first read, so a close() there finds data unread,
// yet small enough that the client's kernel sends all of it at once. Its FIN, once it has
// read the 413, is then never stuck behind unsent bytes (which the capture would show late).
const BIG = 128 * 1024;
/** The client gives up on a server that never hangs up after this long. */
const CLIENT_WAIT_MS = 2000;

function rejectGracefullyPlan({ port, the }: PlanInput): Step[] {
  return [
    step(t('ex.listens', { port }), start('server', { listening: true })),
    step(
      t('ex.step', { big: BIG }),
      mark('upload'),
      start('big-client', { env: { BYTES: String(BIG), WAIT_MS: String(CLIENT_WAIT_MS) } }),
      waitFor('big-client', /then (EOF|read|write)|closing it myself|connect\(\) failed/, CLIENT_WAIT_MS + 5000),
      the.output('client-reads-413-then-eof', 'big-client', /read "413 too large" then EOF/, {
        text: t('ex.reads'),
        hint: t('ex.readsHint'),
      }),
      expectServerClose({
        id: 'server-closes-with-fin',
        role: 'big-client',
        serverPort: port,
        how: 'FIN',
        text: t('ex.fin'),
        hint: t('ex.finHint'),
      }),
      the.counter('no-abort-on-close', 'TcpExtTCPAbortOnClose', '==', 0, {
        since: 'upload',
        within: 0,
        text: t('ex.noAbort'),
        hint: t('ex.noAbortHint'),
      }),
      the.counter('no-rst-sent', 'TcpOutRsts', '==', 0, {
        since: 'upload',
        within: 0,
        text: t('ex.noRst'),
        hint: t('ex.noRstHint'),
      }),
    ),
  ];
}

// Its words are getters, so they follow the language.
export const rejectGracefullyExercise: Exercise = {
  id: 'reject-gracefully',
  role: 'server',
  get goal() {
    return t('ex.goal');
  },
  get hints() {
    return [t('ex.hint1'), t('ex.hint2'), t('ex.hint3'), t('ex.hint4')];
  },
  starter: 'exercise/reject-gracefully-starter.ts',
  solution: 'exercise/reject-gracefully-solution.ts',
  // The heading of the lesson section (LESSON.md, LESSON.zh.md) that explains why the fix works.
  get why() {
    return t('ex.why');
  },
  plan: rejectGracefullyPlan,
};
