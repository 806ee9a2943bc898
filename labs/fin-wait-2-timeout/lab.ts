import { defineLab, playing } from '../kit/lab.ts';
import { leaveNoOrphanExercise } from './exercise.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { FIN_TIMEOUT, FIN_TIMEOUT_SYSCTL, labSteps } from './steps.ts';

export default defineLab({
  id: 'fin-wait-2-timeout',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '000',
  get summary() {
    return t('summary', { s: FIN_TIMEOUT });
  },
  needs: { tcpdump: true, sysctls: { [FIN_TIMEOUT_SYSCTL]: FIN_TIMEOUT } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'client-stays', 'late-client'),
  },
  exercises: [leaveNoOrphanExercise],
  get interview() {
    return interviewQuestions();
  },
  chart: { state: 'CLOSE-WAIT', role: 'server' },
  // The orphan lives tcp_fin_timeout after the ACK of its FIN; nothing else waits on the kernel.
  floorMs: FIN_TIMEOUT * 1000,
  timeoutMs: 30_000,
  plan: labSteps,
});
