// The keepalive exercises. The learner's file plays the client both times:
//   dead-peer: an idle client that finds a vanished server within DEAD_PEER_DEADLINE_MS, by
//     asking its kernel to probe (the sysctls are put back to the kernel's defaults, 2 h idle,
//     so only the learner's own socket options can make it in time);
//   heartbeat: a client that finds a frozen server (its kernel still answers) within
//     FROZEN_DEADLINE_MS, with an application heartbeat of its own.

import type { Expectation } from '../../checker/expect.ts';
import { hasFlag, isSyn, type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { act, mark, nft, note, pause, signal, start, step, waitCapture } from '../kit/plan.ts';
import { conversation } from './probes.ts';

/** From the vanish to the kernel's verdict: Node's keepalive needs idle + 10 × 1 s at best. */
export const DEAD_PEER_DEADLINE_MS = 15_000;
/** From the freeze to the heartbeat closing its connection. */
export const FROZEN_DEADLINE_MS = 5000;
/** A healthy, idle (or answered) connection must survive this long. */
const HEALTHY_FOR_MS = 4000;
/** The kernel's own keepalive defaults (include/net/tcp.h): 2 h idle, 75 s apart, 9 probes. */
const KERNEL_DEFAULTS = { tcp_keepalive_time: 7200, tcp_keepalive_intvl: 75, tcp_keepalive_probes: 9 };

/**
 * Only the side builders (is, count, timer) keep a wording's hint; counters and durations
 * need it set on the expectation itself.
 */
const hinted = (expectation: Expectation, hint: string): Expectation => ({ ...expectation, hint });

/** The learner's client port, read from its SYN once it dialled (the capture starts at `from`). */
function learnerPort(port: number) {
  let from = 0;
  let clientPort = 0;
  return {
    get: () => clientPort,
    mark: act('note where the capture stands before your client dials', (ctx) => {
      from = ctx.capture.packets.length;
    }),
    find: waitCapture(
      'a SYN from your client',
      (packets) => {
        clientPort = packets.slice(from).find((p) => isSyn(p) && p.dst.port === port)?.src.port ?? 0;
        return clientPort > 0;
      },
      5000,
    ),
  };
}

/** The learner's client closed (FIN or RST) after `afterMs`, within `withinMs` of it. */
function expectClosedAfter(
  port: number,
  clientPort: () => number,
  afterMs: () => number,
  withinMs: number,
  wording: { id: string; text: string; hint: string },
): Expectation {
  return {
    ...wording,
    command: tcpdumpCommand(`tcp port ${port}`),
    within: withinMs + 1000,
    async attempt(env) {
      const segments = conversation(env.packets(), clientPort(), port);
      const closing = segments.find(
        (p) => p.src.port === clientPort() && (hasFlag(p, 'FIN') || hasFlag(p, 'RST')) && p.tMs > afterMs(),
      );
      if (!closing) return { ok: false, observed: `no FIN or RST from your client's port ${clientPort()} yet` };
      const took = closing.tMs - afterMs();
      return {
        ok: took <= withinMs,
        observed: `your client sent [${closing.flagText}] ${(took / 1000).toFixed(2)} s after it`,
      };
    },
  };
}

function deadPeerPlan({ port, the }: PlanInput): Step[] {
  const client = learnerPort(port);
  return [
    step(
      "the kernel's keepalive defaults (2 h idle, 75 s, 9 probes): only your socket options count; the server listens",
      ...Object.entries(KERNEL_DEFAULTS).map(([name, value]) =>
        act(`sysctl -w net.ipv4.${name}=${value}`, (ctx) => ctx.sysctl(`net.ipv4.${name}`, value)),
      ),
      start('server', { listening: true }),
    ),
    step(
      `your client connects and stays idle; ${HEALTHY_FOR_MS / 1000} s later it is still connected`,
      client.mark,
      // A client that exits, crashes or never connects is told so at once, in one line.
      start('client', { until: /connected/ }),
      client.find,
      pause(HEALTHY_FOR_MS),
      the.client.is('idle-connection-kept', 'ESTAB', {
        within: 0,
        text: `${HEALTHY_FOR_MS / 1000} s after connecting, idle, with the server alive, your client is still ESTAB`,
        hint: 'your client closed a healthy idle connection: silence is not death; let keepalive probe instead of closing on an idle timer',
      }),
    ),
    step(
      `the server vanishes (nft drops everything to and from :${port}); within ${DEAD_PEER_DEADLINE_MS / 1000} s your client's kernel must give up`,
      nft(
        'vanish',
        `chain vanish {\n  type filter hook input priority 0;\n  tcp dport ${port} drop\n  tcp sport ${port} drop\n}`,
      ),
      mark('vanished'),
      note('the server is gone as if its cable were cut'),
      hinted(
        the.counter('kernel-found-dead-peer', 'TcpExtTCPAbortOnTimeout', '==', 1, {
          since: 'vanished',
          within: DEAD_PEER_DEADLINE_MS,
          text: `within ${DEAD_PEER_DEADLINE_MS / 1000} s of the vanish, the kernel aborted your connection on a timer (TcpExtTCPAbortOnTimeout +1)`,
        }),
        `no abort within ${DEAD_PEER_DEADLINE_MS / 1000} s: setKeepAlive(true) alone leaves the 2 h tcp_keepalive_time; pass an initial delay of at least 1000 ms (Node rounds down to whole seconds, and 0 means "the sysctl")`,
      ),
      hinted(
        the.counter('probes-found-it', 'TcpExtTCPKeepAlive', '>=', 1, {
          since: 'vanished',
          within: 0,
          text: 'TcpExtTCPKeepAlive grew: keepalive probes, not a data retransmission, found the dead peer',
        }),
        'the kernel sent no keepalive probe: turn keepalive on for the socket (setKeepAlive(true, ms)) and leave the connection idle',
      ),
      the.client.count('dead-connection-gone', 'ESTAB', '==', 0, {
        within: 1000,
        text: 'your client has no ESTAB connection left',
      }),
    ),
  ];
}

function heartbeatPlan({ port, the }: PlanInput): Step[] {
  const client = learnerPort(port);
  let frozenAtMs = 0;
  const pongs = (packets: readonly Packet[]) =>
    conversation(packets, client.get(), port).filter((p) => p.src.port === port && p.length > 0);
  return [
    step(
      `the server listens on :${port} (it answers each "ping\\n" with "pong\\n")`,
      start('server', { listening: true }),
    ),
    step(
      'your client connects and pings; the server answers',
      client.mark,
      // A client that exits, crashes or never connects is told so at once, in one line.
      start('client', { until: /connected/ }),
      client.find,
      waitCapture('a pong from the server', (packets) => pongs(packets).length >= 1, 5000),
      pause(HEALTHY_FOR_MS),
      {
        id: 'pinged-while-healthy',
        text: `the server answered at least 3 pings in those ${HEALTHY_FOR_MS / 1000} s (tcpdump: its "pong" segments)`,
        command: tcpdumpCommand(`tcp port ${port}`),
        within: 0,
        hint: 'the server answered fewer than 3 pings: keep pinging while the pongs come (every 0.5–1 s), each one exactly "ping\\n"',
        attempt: async (env) => {
          const answered = pongs(env.packets()).length;
          return { ok: answered >= 3, observed: `${answered} pong segments from the server` };
        },
      },
      the.client.is('kept-while-answered', 'ESTAB', {
        within: 0,
        text: `${HEALTHY_FOR_MS / 1000} s later, with every ping answered, your client is still connected`,
        hint: 'your client closed a connection whose server answered: reset the deadline on every pong',
      }),
    ),
    step(
      `the server process freezes (SIGSTOP); within ${FROZEN_DEADLINE_MS / 1000} s your client must close the connection`,
      signal('server', 'SIGSTOP'),
      act('note when the server froze', (ctx) => {
        frozenAtMs = ctx.elapsed();
      }),
      expectClosedAfter(port, client.get, () => frozenAtMs, FROZEN_DEADLINE_MS, {
        id: 'closed-after-freeze',
        text: `your client closed its connection (FIN or RST on the wire) within ${FROZEN_DEADLINE_MS / 1000} s of the freeze`,
        hint: `your client never noticed: the frozen server's kernel still ACKs your pings (and keepalive probes); expect a pong within a deadline and destroy() the socket when it does not come`,
      }),
    ),
  ];
}

export const deadPeerExercise: Exercise = {
  id: 'dead-peer',
  role: 'client',
  goal: `an idle client whose kernel finds a vanished server within ${DEAD_PEER_DEADLINE_MS / 1000} s, with the system's keepalive sysctls at their defaults`,
  hints: [
    'socket.setKeepAlive(true, 1000): probe after 1 s of silence; libuv then sets 1 s between probes and 10 probes on the socket.',
    'setKeepAlive(true) alone takes the idle time from tcp_keepalive_time: 7200 s by default. An initial delay under 1000 ms rounds down to 0, which means the same.',
    'Node has no TCP_USER_TIMEOUT option; keepalive is the way to let the kernel find a dead peer on an idle connection.',
    'Do not close on silence yourself: the check keeps a healthy server idle first, and the kernel must be the one that gives up.',
    'Read the port from process.env.PORT, connect to 127.0.0.1, and print a line with "connected" once connected.',
  ],
  starter: 'exercise/dead-peer-starter.ts',
  solution: 'exercise/dead-peer-solution.ts',
  why: "Node's keepalive options",
  plan: deadPeerPlan,
};

export const heartbeatExercise: Exercise = {
  id: 'heartbeat',
  role: 'client',
  goal: `a client that notices within ${FROZEN_DEADLINE_MS / 1000} s that the server stopped answering, even though its kernel still does`,
  hints: [
    'After each ping, start a timer (say 1.5 s); clear it when the pong arrives, and destroy() the socket when it fires.',
    "Keepalive cannot help here: the frozen server's kernel answers every probe, and ACKs every ping.",
    'Keep pinging while the pongs come (every 0.5 s is plenty): the check lets a healthy server answer for a few seconds first.',
    'Send exactly "ping\\n"; the lab\'s server answers each one with "pong\\n". Print a line with "connected" once connected.',
  ],
  starter: 'exercise/heartbeat-starter.ts',
  solution: 'exercise/heartbeat-solution.ts',
  why: 'What keepalive cannot see',
  plan: heartbeatPlan,
};
