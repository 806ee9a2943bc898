import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { act, nft, start, step, sysctl } from '../kit/plan.ts';
import { connectTimeoutExercise } from './exercise.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
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
  get title() {
    return t('title');
  },
  topic: 'timers',
  seed: '003',
  get summary() {
    return t('summary', { textbook: TEXTBOOK.gaveUpAtS, linear: LINEAR.gaveUpAtS });
  },
  needs: { nft: true, tcpdump: true, sysctls: { 'net.ipv4.tcp_syn_retries': SYN_RETRIES } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'client-linear', 'client-output-drop'),
  },
  // The output-hook client dials the next port; it is a client all the same.
  classify: (port) => classifyByPort([port, port + 1]),
  exercises: [connectTimeoutExercise],
  get interview() {
    return interviewQuestions();
  },
  // Two rounds of connect() that each wait for the kernel to give up: 1 + 2 + 4 s, then
  // (linear timeouts) 1 + 1 + 1 + 1 + 1 + 2 s. Fast mode shortens nothing: there is no pause.
  floorMs: (TEXTBOOK.gaveUpAtS + LINEAR.gaveUpAtS) * 1000,
  timeoutMs: 45_000,
  plan: (input) => {
    const { port } = input;
    const outputPort = port + 1;
    return [
      step(t('step.listens', { port }), start('server', { listening: true })),
      step(
        t('step.firewall', { port, outputPort }),
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
        { title: t('step.textbookNeeds', { sysctl: LINEAR_TIMEOUTS }), when: hasLinear },
        act(t('act.readLinear', { sysctl: LINEAR_TIMEOUTS }), async (ctx) => {
          const value = String(await ctx.readSysctl(LINEAR_TIMEOUTS));
          ctx.note(t('note.linear', { sysctl: LINEAR_TIMEOUTS, value }));
        }),
        sysctl(LINEAR_TIMEOUTS, 0),
      ),
      ...textbookSteps(input, outputPort),
      outputDropStep(input, outputPort),
      ...linearSteps(input),
    ];
  },
});
