// The exercise: the learner's server is the cause of the orphan, so the learner's server is
// the fix. The kit plays the seed's client (closes and exits) and a late user, and judges
// what the kernel shows: the server closes after the user's EOF, so the orphan gets its FIN
// and ends in TIME-WAIT instead of waiting for tcp_fin_timeout, and nobody is written to
// after leaving.

import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step, waitExit } from '../kit/plan.ts';
import { STAYS_MS } from './checks.ts';
import { t } from './messages.ts';

function plan({ port, scale, the }: PlanInput): Step[] {
  return [
    step(t('ex.step.listens', { port }), start('server', { listening: true })),
    step(
      t('ex.step.client', { ms: scale(3000) }),
      start('client', { until: /connected from port/ }),
      the.server.is('server-established', 'ESTAB', {
        hint: t('ex.hint.established'),
      }),
      waitExit('client', scale(3000) + 5000),
    ),
    step(
      t('ex.step.close'),
      the.server.count('server-left-close-wait', 'CLOSE-WAIT', '==', 0, {
        text: t('ex.expect.leftCloseWait', { port }),
        hint: t('ex.hint.leftCloseWait'),
      }),
      the.client.is('orphan-got-fin', 'TIME-WAIT', {
        text: t('ex.expect.orphanGotFin'),
        hint: t('ex.hint.orphanGotFin'),
      }),
    ),
    step(
      t('ex.step.late'),
      mark('late'),
      start('late-client', { until: /wrote/, env: { PAUSE_MS: String(STAYS_MS) } }),
      the.server.is('late-user-served', 'ESTAB', {
        text: t('ex.expect.lateServed'),
        hint: t('ex.hint.lateServed'),
      }),
      the.counter('no-rst', 'TcpOutRsts', '==', 0, {
        since: 'late',
        text: t('ex.expect.noRst'),
        hint: t('ex.hint.noRst'),
      }),
    ),
  ];
}

export const leaveNoOrphanExercise: Exercise = {
  id: 'leave-no-orphan',
  role: 'server',
  get goal() {
    return t('ex.goal');
  },
  get hints() {
    return [t('ex.hint1'), t('ex.hint2'), t('ex.hint3'), t('ex.hint4')];
  },
  starter: 'exercise/leave-no-orphan-starter.ts',
  solution: 'exercise/leave-no-orphan-solution.ts',
  /** The heading of the lesson (LESSON.md, or LESSON.zh.md in Chinese) that explains why the fix works. */
  get why() {
    return t('ex.why');
  },
  plan,
};
