import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { act, nft, start, step, sysctl } from '../kit/plan.ts';
import { connectTimeoutExercise } from './exercise.ts';
import {
  hasLinear,
  LINEAR,
  LINEAR_TIMEOUTS,
  linearSteps,
  outputDropStep,
  SYN_RETRIES,
  TEXTBOOK,
  textbookSteps,
} from './steps.ts';

export default defineLab({
  id: 'syn-retries',
  title: 'SYN retries: how long connect() waits for a server that never answers',
  topic: 'timers',
  seed: '003',
  summary: `A firewall drops every SYN: the client sits in SYN-SENT while its kernel resends the SYN 1 s and 2 s later, and connect() fails with ETIMEDOUT after ≈ ${TEXTBOOK.gaveUpAtS} s (tcp_syn_retries=2); a drop on the way out changes nothing but what tcpdump sees; with linear timeouts the retries come every second, yet the deadline stays ${LINEAR.gaveUpAtS} s.`,
  needs: { nft: true, tcpdump: true, sysctls: { 'net.ipv4.tcp_syn_retries': SYN_RETRIES } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'client-linear', 'client-output-drop'),
  },
  // The output-hook client dials the next port; it is a client all the same.
  classify: (port) => classifyByPort([port, port + 1]),
  exercises: [connectTimeoutExercise],
  // Two rounds of connect() that each wait for the kernel to give up: 1 + 2 + 4 s, then
  // (linear timeouts) 1 + 1 + 1 + 1 + 1 + 2 s. Fast mode shortens nothing: there is no pause.
  floorMs: (TEXTBOOK.gaveUpAtS + LINEAR.gaveUpAtS) * 1000,
  timeoutMs: 45_000,
  plan: (input) => {
    const { port } = input;
    const outputPort = port + 1;
    return [
      step(`the server listens on :${port}`, start('server', { listening: true })),
      step(
        `a firewall drops every SYN to :${port} on arrival (input hook), and every SYN to :${outputPort} on the way out (output hook)`,
        // Dropped on arrival, after tcpdump saw it leave: the client's kernel sent it and never
        // hears back. Dropped in the output hook, the SYN never reaches the wire at all.
        nft(
          'drop_syns',
          `chain drop_syns {
            type filter hook input priority 0;
            tcp dport ${port} tcp flags & (syn | ack) == syn drop
          }
          chain drop_outgoing_syns {
            type filter hook output priority 0;
            tcp dport ${outputPort} tcp flags & (syn | ack) == syn drop
          }`,
        ),
      ),
      step(
        { title: `the textbook schedule needs ${LINEAR_TIMEOUTS}=0 (the SYN timer doubles)`, when: hasLinear },
        act(`note what a new namespace reads for ${LINEAR_TIMEOUTS}`, async (ctx) => {
          ctx.note(`a new namespace reads ${LINEAR_TIMEOUTS}=${await ctx.readSysctl(LINEAR_TIMEOUTS)}`);
        }),
        sysctl(LINEAR_TIMEOUTS, 0),
      ),
      ...textbookSteps(input, outputPort),
      outputDropStep(input, outputPort),
      ...linearSteps(input),
    ];
  },
});
