// The exercise: a client whose own code is the fix. The kit plays the server, narrows the
// ports to 50 and turns tcp_tw_reuse off (as it is between two hosts, where the default 2
// does nothing), then judges what the kernel shows: every request answered, and the port
// range never used up.

import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { start, step, sysctl, waitExit } from '../kit/plan.ts';
import { t } from './messages.ts';
import { timeWaitCensus } from './probes.ts';

const REQUESTS = 200;

function plan({ port, the }: PlanInput): Step[] {
  return [
    step(t('exercise.step.server', { port }), start('server', { listening: true }), sysctl('net.ipv4.tcp_tw_reuse', 0)),
    step(
      t('exercise.step.client', { n: REQUESTS }),
      start('client', { env: { REQUESTS: String(REQUESTS) } }),
      waitExit('client', 20_000),
      {
        // the.output() drops a wording's hint, so it is added here.
        ...the.output('server-answered-all', 'server', new RegExp(`answered ${REQUESTS} requests`), {
          text: t('exercise.expect.answered', { n: REQUESTS }),
        }),
        hint: t('exercise.hint.answered'),
      },
      timeWaitCensus({
        id: 'ports-to-spare',
        side: 'client',
        to: { host: '127.0.0.1', port },
        op: '<',
        n: 50,
        within: 0,
        text: t('exercise.expect.spare'),
        hint: t('exercise.hint.spare'),
      }),
    ),
  ];
}

export const portsExercise: Exercise = {
  id: 'no-port-exhaustion',
  role: 'client',
  get goal() {
    return t('exercise.goal', { n: REQUESTS });
  },
  get hints() {
    return [t('exercise.hint1'), t('exercise.hint2'), t('exercise.hint3'), t('exercise.hint4')];
  },
  starter: 'exercise/no-port-exhaustion-starter.ts',
  solution: 'exercise/no-port-exhaustion-solution.ts',
  /** The heading of the lesson (LESSON.md, or LESSON.zh.md in Chinese) that explains why the fixes work. */
  get why() {
    return t('exercise.why');
  },
  plan,
};
