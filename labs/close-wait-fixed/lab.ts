import { defineLab, playing } from '../kit/lab.ts';
import { step } from '../kit/plan.ts';
import { expectServerFinAcks, expectServerGone, expectTimeWaitCounted } from './checks.ts';
import { closeOnEofFromFixed, closeOnEofPlan } from './close-on-eof.ts';
import { captured, ownNetns } from './conditions.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';

export default defineLab({
  id: 'close-wait-fixed',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '001',
  get summary() {
    return t('summary');
  },
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', '../close-wait-leak/client.ts', 'client'),
  },
  exercises: [closeOnEofFromFixed],
  get interview() {
    return interviewQuestions();
  },
  // The exercise's choreography, then what the kernel shows of the teardown it made.
  plan: (input) => {
    const { port, the } = input;
    return [
      ...closeOnEofPlan(input),
      step(
        {
          title: t('step.timeWait'),
          predict: {
            question: t('predict.timer'),
            expectation: 'client-time-wait-timer',
            choices: [t('choice.30'), t('choice.60'), t('choice.120'), t('choice.240')],
          },
        },
        the.client.timer('client-time-wait-timer', 'TIME-WAIT', {
          timer: 'timewait',
          minMs: 50_000,
          maxMs: 60_000,
          text: t('expect.timer'),
          // TCP_TIMEWAIT_LEN, what the timer counts down from: the range above holds it.
          answer: t('choice.60'),
        }),
        expectServerGone('server-socket-gone', port),
      ),
      step({ title: t('step.serverFin'), when: captured }, expectServerFinAcks('server-fin-acks', port)),
      step({ title: t('step.tw'), when: ownNetns }, expectTimeWaitCounted('tw-counted', 1)),
    ];
  },
});
