// The exercise: a server that serves 500 short-lived clients with only 64 descriptors. The
// kit plays the stream (a few clients at a time) against the learner's server, after lowering
// the server's open-file limit, and asks the clients and the kernel what happened.

import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step } from '../kit/plan.ts';
import { expectTally } from './checks.ts';
import { expectFdLimit, FD_LIMIT, limited, lowerFdLimit } from './fd-limit.ts';
import { t } from './messages.ts';

export const MANY = 500;
/** Clients in flight at once: a few, so 500 fit in well under a second. */
const AT_ONCE = 4;

function serveManyPlan({ port, the }: PlanInput): Step[] {
  const server = limited();
  return [
    step(
      t('ex.step.listens', { port, limit: FD_LIMIT }),
      start('server', { listening: true }),
      lowerFdLimit(port, server),
      expectFdLimit('your-fd-limit', server),
    ),
    step(
      t('ex.step.stream', { n: MANY, atOnce: AT_ONCE }),
      mark('stream'),
      start('clients', {
        until: /clients: done/,
        env: { CLIENTS: String(MANY), CONCURRENCY: String(AT_ONCE) },
        timeoutMs: 20_000,
      }),
      expectTally(
        'all-served',
        'clients',
        port,
        t('ex.expect.allServed', { n: MANY }),
        () => ({ served: MANY, cut: 0, never: 0 }),
        { hint: t('ex.hint.allServed') },
      ),
      the.server.count('no-close-wait-left', 'CLOSE-WAIT', '==', 0, {
        text: t('ex.expect.noCloseWait', { port }),
        hint: t('ex.hint.noCloseWait'),
      }),
      the.counter('no-resets', 'TcpOutRsts', '==', 0, {
        since: 'stream',
        text: t('ex.expect.noResets'),
        hint: t('ex.hint.noResets'),
      }),
    ),
  ];
}

export const serveManyExercise: Exercise = {
  id: 'serve-500',
  role: 'server',
  get goal() {
    return t('ex.goal', { n: MANY, limit: FD_LIMIT });
  },
  get hints() {
    return [t('ex.hint.1'), t('ex.hint.2'), t('ex.hint.3'), t('ex.hint.4')];
  },
  starter: 'exercise/serve-500-starter.ts',
  solution: 'exercise/serve-500-solution.ts',
  /** A heading of LESSON.md, or of LESSON.zh.md in Chinese. */
  get why() {
    return t('ex.why');
  },
  plan: serveManyPlan,
};
