import { defineLab, playing } from '../kit/lab.ts';
import { classifyClients } from '../syn-flood/queue-labs.ts';
import { idleTimeoutExercise } from './exercise.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { poolSteps, ROLE_OF } from './steps.ts';

export default defineLab({
  id: 'pool-close-wait',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '004',
  get summary() {
    return t('summary');
  },
  needs: { nft: true, tcpdump: true },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', ...Object.values(ROLE_OF)),
  },
  exercises: [idleTimeoutExercise],
  get interview() {
    return interviewQuestions();
  },
  // The four clients connect from 127.0.0.1 to .4: their sockets are told apart by address.
  classify: classifyClients((address) => ROLE_OF[address] ?? 'client'),
  timeoutMs: 30_000,
  plan: poolSteps,
});
