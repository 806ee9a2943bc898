import { defineLab, playing } from '../kit/lab.ts';
import { act, start, step } from '../kit/plan.ts';
import { portsExercise } from './exercise.ts';
import { reuseFixSteps, sideBySideStep, startFixesStep } from './fixes.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { reuseSteps } from './reuse.ts';
import { SecondHost } from './second-host.ts';
import { ages, defaultsSteps, exhaustionSteps, otherTablesSteps, PORT_RANGE } from './tables.ts';

export default defineLab({
  id: 'time-wait-ports',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '001',
  get summary() {
    return t('summary');
  },
  needs: { tcpdump: true, tools: ['bash', 'nsenter'], sysctls: { 'net.ipv4.ip_local_port_range': PORT_RANGE } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'keep-alive', 'server-closes', 'tw-reuse'),
  },
  exercises: [portsExercise],
  get interview() {
    return interviewQuestions();
  },
  chart: { state: 'TIME-WAIT', role: 'client' },
  // The kernel's waits: the reuse delay (1 s, or 6.1's turn of the second) before the probes,
  // then 3 rounds of the 100 ms fast-mode delay in fix 3. On 6.1 fix 3 waits 2–3 s instead.
  floorMs: 1300,
  timeoutMs: 60_000,
  plan: ({ port, the, ...input }) => {
    const host = new SecondHost();
    const age = ages();
    const all = { port, the, ...input };
    return [
      ...defaultsSteps(),
      step(
        t('step.serverAndHost', { port }),
        // The second host is made while the server starts.
        start('server', { env: { HOST: '0.0.0.0' } }),
        host.create(PORT_RANGE),
        act(t('act.waitListening'), (ctx) => ctx.waitListening(ctx.proc('server'))),
      ),
      ...exhaustionSteps(port, the, age),
      ...otherTablesSteps(port, host, age),
      // The probes do not wait for the fixes: on a slow machine the tables must not be 60 s
      // old (TIME-WAIT's end) by the time they are probed.
      startFixesStep(all),
      ...reuseSteps(port, the, host, age),
      ...reuseFixSteps(all),
      sideBySideStep(),
    ];
  },
});
