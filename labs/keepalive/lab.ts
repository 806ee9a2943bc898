// The first half: the server vanishes (nft drops everything to and from it) and keepalive
// finds it dead on the sysctls' schedule. The second half (frozen.ts) freezes it instead.

import { tcpdumpCommand } from '../../checker/packets.ts';
import { KEEPALIVE_SLACK, slackText } from '../../checker/tolerance.ts';
import { defineLab, type PlanInput, playing, type Step } from '../kit/lab.ts';
import { dropNft, mark, nft, note, signal, start, step, waitCapture, waitFor } from '../kit/plan.ts';
import { deadPeerExercise, heartbeatExercise } from './exercises.ts';
import { frozenPeerSteps } from './frozen.ts';
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
    `two idle clients with keepalive connect; the server vanishes; after ${KEEPALIVE_PROBES} unanswered probes one client gives up, the other keeps probing`,
    start('client'),
    start('client-node', { env: { KEEPALIVE_IDLE_MS: String(KEEPALIVE_TIME_S * 1000) } }),
    ports.connected('client'),
    ports.connected('client-node'),
    the.output('node-libuv-version', 'client-node', /libuv \d+\.\d+\.\d+/, {
      within: 0,
      text: "the second client printed the libuv its Node runs on: setKeepAlive(true, ms) is libuv's uv_tcp_keepalive(), which has set TCP_KEEPINTVL=1 and TCP_KEEPCNT=10 since libuv 1.35",
    }),
    the.client.timer('keepalive-timer-idle', 'ESTAB', {
      timer: 'keepalive',
      count: ['==', 0],
      maxMs: KEEPALIVE_TIME_S * 1000,
      which: ports.mine('client'),
      text: `ss -o shows the client's timer:(keepalive,…,0): the first probe is due within ${KEEPALIVE_TIME_S} s of silence (tcp_keepalive_time)`,
    }),
    // Both directions, on arrival: the server neither hears the probes nor is heard.
    nft(
      'vanish',
      `chain vanish {
        type filter hook input priority 0;
        tcp dport ${port} drop
        tcp sport ${port} drop
      }`,
      'drop every segment to or from the server',
    ),
    mark('vanished'),
    note('the server is gone as if its cable were cut: nothing it sends arrives, nothing reaches it'),
    waitCapture('second probe', (packets) => probesOf(packets, ports.of('client'), port).length >= 2, 6000),
    the.client.timer('keepalive-probes-unanswered', 'ESTAB', {
      timer: 'keepalive',
      count: ['>=', 1],
      maxMs: KEEPALIVE_INTVL_S * 1000,
      which: ports.mine('client'),
      text: `ss -o counts the unanswered probes in timer:(keepalive,…,N); the next one is due within ${KEEPALIVE_INTVL_S} s (tcp_keepalive_intvl)`,
    }),
    waitFor('client', /ETIMEDOUT|ECONN|EPIPE/, DEAD_AFTER_MS + 3000),
    the.output('dead-peer-etimedout', 'client', /ETIMEDOUT \d+ ms after connecting/, {
      text: 'the silent client learns that its peer is gone: its socket fails with ETIMEDOUT',
    }),
    the.counter('aborted-on-timeout', 'TcpExtTCPAbortOnTimeout', '==', 1, {
      since: 'vanished',
      within: 0,
      text: 'TcpExtTCPAbortOnTimeout grew by exactly 1: the kernel aborted one connection on a timer',
    }),
    the.client.timer('node-keepalive-keeps-probing', 'ESTAB', {
      timer: 'keepalive',
      count: ['>', KEEPALIVE_PROBES],
      which: ports.mine('client-node'),
      within: 2500,
      text: `within 2.5 s, the other client (Node's setKeepAlive(true, ${KEEPALIVE_TIME_S * 1000})) is still ESTAB with more than ${KEEPALIVE_PROBES} probes unanswered: its socket's own TCP_KEEPCNT (libuv: 10) overrides tcp_keepalive_probes`,
    }),
  );
}

/** What the capture and the counters say about the dead peer; then the network comes back. */
function evidenceStep({ port, the }: PlanInput, ports: ClientPorts, seen: JudgedPackets): Step {
  const deadPeer = () => deadPeerSchedule(seen.packets(), ports.of('client'), port);
  return step(
    `the evidence: ${KEEPALIVE_TIME_S} s of silence, ${KEEPALIVE_PROBES} probes ${KEEPALIVE_INTVL_S} s apart, RST; a server that never noticed`,
    seen.judged(
      the.wire.schedule('dead-peer-schedule', {
        label: 'segments (last heard, probes, RST)',
        command: tcpdumpCommand(`tcp port ${port}`),
        segments: deadPeer,
        gapsMs: [KEEPALIVE_TIME_S * 1000, ...Array(KEEPALIVE_PROBES).fill(KEEPALIVE_INTVL_S * 1000)],
        slack: KEEPALIVE_SLACK,
        text: `tcpdump: ${KEEPALIVE_TIME_S} s after the last segment heard, ${KEEPALIVE_PROBES} probes ${KEEPALIVE_INTVL_S} s apart, then the client's RST ${KEEPALIVE_INTVL_S} s later (each gap ${slackText(KEEPALIVE_SLACK)})`,
      }),
    ),
    seen.judged(
      the.duration(
        'dead-after-5s',
        'last segment heard → RST',
        () => spanMs(deadPeer()),
        { minMs: DEAD_AFTER_MS - 100, maxMs: DEAD_AFTER_MS + 1000 },
        {
          text: `the kernel gave up ≈ ${DEAD_AFTER_MS / 1000} s after the last segment it heard = ${KEEPALIVE_TIME_S} + ${KEEPALIVE_PROBES} × ${KEEPALIVE_INTVL_S} s (−0.1/+1 s)`,
        },
      ),
    ),
    the.counter('probes-counted', 'TcpExtTCPKeepAlive', '>=', 2 * KEEPALIVE_PROBES + 1, {
      since: 'vanished',
      within: 0,
      text: `TcpExtTCPKeepAlive (probes sent) grew by at least ${2 * KEEPALIVE_PROBES + 1}: ${KEEPALIVE_PROBES} from the first client, more than ${KEEPALIVE_PROBES} from the second`,
    }),
    the.server.count('server-still-established', 'ESTAB', '==', 2, {
      within: 0,
      text: 'the server still lists both connections as ESTAB: it heard nothing, not even the RST, and without keepalive of its own it would keep them forever',
    }),
    dropNft('vanish'),
    signal('client-node', 'SIGTERM'),
    note('the network is back; the second client is stopped (its next probe would have been answered)'),
  );
}

export default defineLab({
  id: 'keepalive',
  title: 'Keepalive: a dead peer is found, a hung one is not',
  topic: 'timers',
  seed: '002',
  summary:
    'A server that vanishes is found dead by keepalive probes (2 s idle, 3 probes 1 s apart, then ETIMEDOUT); a server whose process is frozen has its kernel answer every probe, so only an application heartbeat notices.',
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
  // Dead peer: 2 s idle + 3 probes × 1 s = 5 s. Frozen peer: three answered probes, the
  // third 6 s after connecting (an answer restarts the 2 s idle clock). No pauses to shrink.
  floorMs: DEAD_AFTER_MS + 3 * KEEPALIVE_TIME_S * 1000,
  timeoutMs: 45_000,
  plan: (input) => {
    // This run's state: the clients' ports once they connect, the capture as last judged.
    const ports = clientPorts();
    const seen = judgedPackets();
    return [
      step(`the server listens on :${input.port}`, start('server', { listening: true })),
      vanishStep(input, ports),
      evidenceStep(input, ports, seen),
      ...frozenPeerSteps(input, ports, seen),
    ];
  },
});
