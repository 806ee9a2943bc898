import { defineLab, playing } from '../kit/lab.ts';
import { act, start, step } from '../kit/plan.ts';
import { portsExercise } from './exercise.ts';
import { reuseFixSteps, sideBySideStep, startFixesStep } from './fixes.ts';
import { reuseSteps } from './reuse.ts';
import { SecondHost } from './second-host.ts';
import { ages, defaultsSteps, exhaustionSteps, otherTablesSteps, PORT_RANGE } from './tables.ts';

export default defineLab({
  id: 'time-wait-ports',
  title: 'TIME-WAIT and ephemeral ports: EADDRNOTAVAIL, and three ways out',
  topic: 'teardown',
  seed: '001',
  summary: `With 50 local ports, a client that opens a connection per request and closes first fills them with TIME-WAIT and connect() fails with EADDRNOTAVAIL; keep-alive, a server that closes first, and tcp_tw_reuse (timestamps, the reuse delay, loopback only at its default 2) each get 200 requests through.`,
  needs: { tcpdump: true, tools: ['bash', 'nsenter'], sysctls: { 'net.ipv4.ip_local_port_range': PORT_RANGE } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'keep-alive', 'server-closes', 'tw-reuse'),
  },
  exercises: [portsExercise],
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
        `the server listens on 0.0.0.0:${port}; a second host joins over a veth pair`,
        // The second host is made while the server starts.
        start('server', { env: { HOST: '0.0.0.0' } }),
        host.create(PORT_RANGE),
        act('wait until the server listens', (ctx) => ctx.waitListening(ctx.proc('server'))),
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
