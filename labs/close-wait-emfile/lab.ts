import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { serveManyExercise } from './exercise.ts';
import { FD_LIMIT } from './fd-limit.ts';
import { emfileSteps, newRun } from './steps.ts';

export default defineLab({
  id: 'close-wait-emfile',
  title: 'CLOSE-WAIT at scale: the leak runs out of file descriptors',
  topic: 'teardown',
  seed: '001',
  summary: `A leaking server limited to ${FD_LIMIT} open files keeps one CLOSE-WAIT per client until accept() fails with EMFILE; Node then accepts and closes at once, so new clients connect and are reset. The fixed server stays flat.`,
  needs: { tcpdump: true, tools: ['prlimit'] },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('server', 'server-fixed.ts', 'fixed server'),
    ...playing('client', 'clients.ts', 'clients'),
  },
  exercises: [serveManyExercise],
  // The fixed server listens on the next port, so both streams run in one sandbox.
  classify: (port) => classifyByPort([port, port + 1]),
  chart: { state: 'CLOSE-WAIT', role: 'server' },
  timeoutMs: 30_000,
  plan: ({ port, the }) => emfileSteps(newRun(port, the)),
});
