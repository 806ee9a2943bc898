import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { serveManyExercise } from './exercise.ts';
import { FD_LIMIT } from './fd-limit.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { emfileSteps, newRun } from './steps.ts';

export default defineLab({
  id: 'close-wait-emfile',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '001',
  get summary() {
    return t('summary', { limit: FD_LIMIT });
  },
  needs: { tcpdump: true, tools: ['prlimit'] },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('server', 'server-fixed.ts', 'fixed server'),
    ...playing('client', 'clients.ts', 'clients'),
  },
  exercises: [serveManyExercise],
  get interview() {
    return interviewQuestions();
  },
  // The fixed server listens on the next port, so both streams run in one sandbox.
  classify: (port) => classifyByPort([port, port + 1]),
  // The leaking server's CLOSE-WAIT only: the fixed one's, on the next port, last a moment.
  chart: { state: 'CLOSE-WAIT', role: 'server', onLabPort: true },
  timeoutMs: 30_000,
  plan: ({ port, the }) => emfileSteps(newRun(port, the)),
});
