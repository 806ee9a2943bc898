import { defineLab, playing } from '../kit/lab.ts';
import { start, step, waitFor } from '../kit/plan.ts';
import type { Readings } from './final-ack.ts';
import { learnPort, type Ports, RESEND_MS, withoutTimeWait, withTimeWait } from './steps.ts';

export default defineLab({
  id: 'lost-final-ack',
  title: 'Lost final ACK: what TIME-WAIT is for',
  topic: 'teardown',
  seed: '001',
  summary:
    "nft drops the active closer's last ACK: the server in LAST-ACK sends its FIN again and the client's TIME-WAIT answers it, restarting its 60 s; with no TIME-WAIT (tcp_max_tw_buckets=0) the same FIN meets a RST.",
  needs: { nft: true, tcpdump: true },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'second-client'),
  },
  // Two FINs resent, each ≈ 200 ms after the FIN it repeats.
  floorMs: 2 * RESEND_MS,
  timeoutMs: 45_000,
  plan: (input) => {
    const ports: Ports = {};
    const readings: Readings = { first: null };
    return [
      step(`the server listens on :${input.port}`, start('server', { listening: true })),
      step(
        'two clients connect and say hello; the second waits for its turn',
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
