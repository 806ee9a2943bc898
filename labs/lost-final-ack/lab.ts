import { defineLab, playing } from '../kit/lab.ts';
import { start, step, waitFor } from '../kit/plan.ts';
import type { Readings } from './final-ack.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { learnPort, type Ports, RESEND_MS, withoutTimeWait, withTimeWait } from './steps.ts';

export default defineLab({
  id: 'lost-final-ack',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '001',
  get summary() {
    return t('summary');
  },
  needs: { nft: true, tcpdump: true },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'second-client'),
  },
  get interview() {
    return interviewQuestions();
  },
  // Two FINs resent, each ≈ 200 ms after the FIN it repeats.
  floorMs: 2 * RESEND_MS,
  timeoutMs: 45_000,
  plan: (input) => {
    const ports: Ports = {};
    const readings: Readings = { first: null };
    return [
      step(t('step.listens', { port: input.port }), start('server', { listening: true })),
      step(
        t('step.twoClients'),
        // Started together, so the two start-ups overlap.
        start('second-client'),
        start('client', { until: /connected/ }),
        waitFor('second-client', /connected/),
        learnPort('client', ports),
        learnPort('second-client', ports),
      ),
      ...withTimeWait(input, ports, readings),
      ...withoutTimeWait(input, ports),
    ];
  },
});
