import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { act, mark, start, step } from '../kit/plan.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { rejectGracefullyExercise } from './reject-gracefully.ts';
import { BIG, countedRsts, IDLE_MS, idleCloses, immediateAborts, portsOf, SMALL } from './steps.ts';

export default defineLab({
  id: 'rst-abort',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '000',
  get summary() {
    return t('summary');
  },
  needs: { tcpdump: true },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server', 'reset-server'),
    ...playing('client', 'client.ts', 'client', 'reset-client', 'big-client', 'refused-client'),
  },
  classify: (port) => {
    const ports = portsOf(port);
    return classifyByPort([ports.fin, ports.reset, ports.closed]);
  },
  exercises: [rejectGracefullyExercise],
  get interview() {
    return interviewQuestions();
  },
  timeoutMs: 30_000,
  plan: (input) => {
    const { port, scale } = input;
    const ports = portsOf(port);
    const idle = String(scale(IDLE_MS));
    return [
      step(
        t('servers.step', { fin: ports.fin, reset: ports.reset }),
        // Started together, so the two start-ups overlap.
        start('reset-server', { env: { PORT: String(ports.reset), CLOSE: 'reset', IDLE_MS: idle } }),
        start('server', { listening: true, env: { IDLE_MS: idle } }),
        act(t('servers.wait', { port: ports.reset }), (ctx) =>
          ctx.waitListening(ctx.proc('reset-server'), ports.reset),
        ),
      ),
      step(
        t('clients.step', { big: BIG, fin: ports.fin, closed: ports.closed, small: SMALL }),
        mark('clients'),
        start('big-client', { env: { BYTES: String(BIG) } }),
        start('refused-client', { env: { PORT: String(ports.closed) } }),
        start('client', { env: { BYTES: String(SMALL) } }),
        start('reset-client', { env: { PORT: String(ports.reset), BYTES: String(SMALL) } }),
      ),
      ...immediateAborts(input),
      ...idleCloses(input),
      countedRsts(input),
    ];
  },
});
