// The first half: the server vanishes (nft drops everything to and from it) and keepalive
// finds it dead on the sysctls' schedule. The second half (frozen.ts) freezes it instead.

import { tcpdumpCommand } from '../../checker/packets.ts';
import { KEEPALIVE_SLACK, slackText } from '../../checker/tolerance.ts';
import { defineLab, type PlanInput, playing, type Step } from '../kit/lab.ts';
import { dropNft, mark, nft, note, signal, start, step, waitCapture, waitFor } from '../kit/plan.ts';
import { deadPeerExercise, heartbeatExercise } from './exercises.ts';
import { frozenPeerSteps } from './frozen.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import {
  type ClientPorts,
  clientPorts,
  DEAD_AFTER_MS,
  deadPeerSchedule,
  type JudgedPackets,
  judgedPackets,
  KEEPALIVE_INTVL_S,
  KEEPALIVE_PROBES,
  KEEPALIVE_TIME_S,
  probesOf,
  spanMs,
} from './probes.ts';

/**
 * One step from connect() to the second client's 4th probe: the kernel's timers do not wait
 * for a step-mode pause, and what the ss checks look for only lasts a second or two.
 */
function vanishStep({ port, the }: PlanInput, ports: ClientPorts): Step {
  return step(
    {
      title: t('vanish.step', { probes: KEEPALIVE_PROBES }),
      predict: {
        question: t('vanish.predict', { probes: KEEPALIVE_PROBES }),
        expectation: 'dead-peer-etimedout',
        choices: ['ETIMEDOUT', 'ECONNRESET', 'EPIPE', t('choice.noError')],
      },
    },
    start('client'),
    start('client-node', { env: { KEEPALIVE_IDLE_MS: String(KEEPALIVE_TIME_S * 1000) } }),
    ports.connected('client'),
    ports.connected('client-node'),
    the.output('node-libuv-version', 'client-node', /libuv \d+\.\d+\.\d+/, {
      within: 0,
      text: t('vanish.libuv'),
    }),
    the.client.timer('keepalive-timer-idle', 'ESTAB', {
      timer: 'keepalive',
      count: ['==', 0],
      maxMs: KEEPALIVE_TIME_S * 1000,
      which: ports.mine('client'),
      text: t('vanish.idle', { s: KEEPALIVE_TIME_S }),
    }),
    // Both directions, on arrival: the server neither hears the probes nor is heard.
    nft(
      'vanish',
      `chain vanish {
        type filter hook input priority 0;
        tcp dport ${port} drop
        tcp sport ${port} drop
      }`,
      t('vanish.nft'),
    ),
    mark('vanished'),
    note(t('vanish.note')),
    waitCapture(t('vanish.wait'), (packets) => probesOf(packets, ports.of('client'), port).length >= 2, 6000),
    the.client.timer('keepalive-probes-unanswered', 'ESTAB', {
      timer: 'keepalive',
      count: ['>=', 1],
      maxMs: KEEPALIVE_INTVL_S * 1000,
      which: ports.mine('client'),
      text: t('vanish.unanswered', { s: KEEPALIVE_INTVL_S }),
    }),
    waitFor('client', /ETIMEDOUT|ECONN|EPIPE/, DEAD_AFTER_MS + 3000),
    the.output('dead-peer-etimedout', 'client', /ETIMEDOUT \d+ ms after connecting/, {
      text: t('vanish.etimedout'),
      answer: 'ETIMEDOUT',
    }),
    the.counter('aborted-on-timeout', 'TcpExtTCPAbortOnTimeout', '==', 1, {
      since: 'vanished',
      within: 0,
      text: t('vanish.aborted'),
    }),
    the.client.timer('node-keepalive-keeps-probing', 'ESTAB', {
      timer: 'keepalive',
      count: ['>', KEEPALIVE_PROBES],
      which: ports.mine('client-node'),
      within: 2500,
      text: t('vanish.nodeProbing', { ms: KEEPALIVE_TIME_S * 1000, probes: KEEPALIVE_PROBES }),
    }),
  );
}

/** What the capture and the counters say about the dead peer; then the network comes back. */
function evidenceStep({ port, the }: PlanInput, ports: ClientPorts, seen: JudgedPackets): Step {
  const deadPeer = () => deadPeerSchedule(seen.packets(), ports.of('client'), port);
  const timers = { time: KEEPALIVE_TIME_S, probes: KEEPALIVE_PROBES, intvl: KEEPALIVE_INTVL_S };
  return step(
    {
      title: t('evidence.step', timers),
      predict: {
        question: t('evidence.predict'),
        expectation: 'server-still-established',
        choices: ['0', '1', '2'],
      },
    },
    seen.judged(
      the.wire.schedule('dead-peer-schedule', {
        label: 'segments (last heard, probes, RST)',
        command: tcpdumpCommand(`tcp port ${port}`),
        segments: deadPeer,
        gapsMs: [KEEPALIVE_TIME_S * 1000, ...Array(KEEPALIVE_PROBES).fill(KEEPALIVE_INTVL_S * 1000)],
        slack: KEEPALIVE_SLACK,
        text: t('evidence.schedule', { ...timers, slack: slackText(KEEPALIVE_SLACK) }),
      }),
    ),
    seen.judged(
      the.duration(
        'dead-after-5s',
        'last segment heard → RST',
        () => spanMs(deadPeer()),
        { minMs: DEAD_AFTER_MS - 100, maxMs: DEAD_AFTER_MS + 1000 },
        {
          text: t('evidence.deadAfter', { ...timers, s: DEAD_AFTER_MS / 1000 }),
        },
      ),
    ),
    the.counter('probes-counted', 'TcpExtTCPKeepAlive', '>=', 2 * KEEPALIVE_PROBES + 1, {
      since: 'vanished',
      within: 0,
      text: t('evidence.probesCounted', { min: 2 * KEEPALIVE_PROBES + 1, probes: KEEPALIVE_PROBES }),
    }),
    the.server.count('server-still-established', 'ESTAB', '==', 2, {
      within: 0,
      text: t('evidence.serverEstab'),
    }),
    dropNft('vanish'),
    signal('client-node', 'SIGTERM'),
    note(t('evidence.note')),
  );
}

export default defineLab({
  id: 'keepalive',
  get title() {
    return t('title');
  },
  topic: 'timers',
  seed: '002',
  get summary() {
    return t('summary', { time: KEEPALIVE_TIME_S, probes: KEEPALIVE_PROBES, intvl: KEEPALIVE_INTVL_S });
  },
  needs: {
    nft: true,
    tcpdump: true,
    sysctls: {
      'net.ipv4.tcp_keepalive_time': KEEPALIVE_TIME_S,
      'net.ipv4.tcp_keepalive_intvl': KEEPALIVE_INTVL_S,
      'net.ipv4.tcp_keepalive_probes': KEEPALIVE_PROBES,
    },
  },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    // The sysctls' keepalive, Node's setKeepAlive(true, ms), and the client the freeze fools.
    ...playing('client', 'client.ts', 'client', 'client-node', 'client-2'),
    ...playing('client', 'heartbeat-client.ts', 'heartbeat'),
  },
  exercises: [deadPeerExercise, heartbeatExercise],
  get interview() {
    return interviewQuestions();
  },
  // Dead peer: 2 s idle + 3 probes × 1 s = 5 s. Frozen peer: three answered probes, the
  // third 6 s after connecting (an answer restarts the 2 s idle clock). No pauses to shrink.
  floorMs: DEAD_AFTER_MS + 3 * KEEPALIVE_TIME_S * 1000,
  timeoutMs: 45_000,
  plan: (input) => {
    // This run's state: the clients' ports once they connect, the capture as last judged.
    const ports = clientPorts();
    const seen = judgedPackets();
    return [
      step(t('step.listens', { port: input.port }), start('server', { listening: true })),
      vanishStep(input, ports),
      evidenceStep(input, ports, seen),
      ...frozenPeerSteps(input, ports, seen),
    ];
  },
});
