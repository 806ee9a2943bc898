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
import { t } from './messages.ts';
import { conversation } from './probes.ts';

/** From the vanish to the kernel's verdict: Node's keepalive needs idle + 10 × 1 s at best. */
export const DEAD_PEER_DEADLINE_MS = 15_000;
/** From the freeze to the heartbeat closing its connection. */
export const FROZEN_DEADLINE_MS = 5000;
/** A healthy, idle (or answered) connection must survive this long. */
const HEALTHY_FOR_MS = 4000;
/** The kernel's own keepalive defaults (include/net/tcp.h): 2 h idle, 75 s apart, 9 probes. */
export const KERNEL_DEFAULTS = { tcp_keepalive_time: 7200, tcp_keepalive_intvl: 75, tcp_keepalive_probes: 9 };

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
    mark: act(t('ex.markCapture'), (ctx) => {
      from = ctx.capture.packets.length;
    }),
    find: waitCapture(
      t('ex.waitSyn'),
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
      t('ex.dead.defaults'),
      ...Object.entries(KERNEL_DEFAULTS).map(([name, value]) =>
        act(`sysctl -w net.ipv4.${name}=${value}`, (ctx) => ctx.sysctl(`net.ipv4.${name}`, value)),
      ),
      start('server', { listening: true }),
    ),
    step(
      t('ex.dead.idle', { s: HEALTHY_FOR_MS / 1000 }),
      client.mark,
      // A client that exits, crashes or never connects is told so at once, in one line.
      start('client', { until: /connected/ }),
      client.find,
      pause(HEALTHY_FOR_MS),
      the.client.is('idle-connection-kept', 'ESTAB', {
        within: 0,
        text: t('ex.dead.kept', { s: HEALTHY_FOR_MS / 1000 }),
        hint: t('ex.dead.keptHint'),
      }),
    ),
    step(
      t('ex.dead.vanish', { port, s: DEAD_PEER_DEADLINE_MS / 1000 }),
      nft(
        'vanish',
        `chain vanish {\n  type filter hook input priority 0;\n  tcp dport ${port} drop\n  tcp sport ${port} drop\n}`,
      ),
      mark('vanished'),
      note(t('ex.dead.note')),
      hinted(
        the.counter('kernel-found-dead-peer', 'TcpExtTCPAbortOnTimeout', '==', 1, {
          since: 'vanished',
          within: DEAD_PEER_DEADLINE_MS,
          text: t('ex.dead.found', { s: DEAD_PEER_DEADLINE_MS / 1000 }),
        }),
        t('ex.dead.foundHint', { s: DEAD_PEER_DEADLINE_MS / 1000 }),
      ),
      hinted(
        the.counter('probes-found-it', 'TcpExtTCPKeepAlive', '>=', 1, {
          since: 'vanished',
          within: 0,
          text: t('ex.dead.probes'),
        }),
        t('ex.dead.probesHint'),
      ),
      the.client.count('dead-connection-gone', 'ESTAB', '==', 0, {
        within: 1000,
        text: t('ex.dead.gone'),
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
    step(t('ex.hb.listens', { port }), start('server', { listening: true })),
    step(
      t('ex.hb.pings'),
      client.mark,
      // A client that exits, crashes or never connects is told so at once, in one line.
      start('client', { until: /connected/ }),
      client.find,
      waitCapture(t('ex.hb.waitPong'), (packets) => pongs(packets).length >= 1, 5000),
      pause(HEALTHY_FOR_MS),
      {
        id: 'pinged-while-healthy',
        text: t('ex.hb.pinged', { s: HEALTHY_FOR_MS / 1000 }),
        command: tcpdumpCommand(`tcp port ${port}`),
        within: 0,
        hint: t('ex.hb.pingedHint'),
        attempt: async (env) => {
          const answered = pongs(env.packets()).length;
          return { ok: answered >= 3, observed: `${answered} pong segments from the server` };
        },
      },
      the.client.is('kept-while-answered', 'ESTAB', {
        within: 0,
        text: t('ex.hb.kept', { s: HEALTHY_FOR_MS / 1000 }),
        hint: t('ex.hb.keptHint'),
      }),
    ),
    step(
      t('ex.hb.freeze', { s: FROZEN_DEADLINE_MS / 1000 }),
      signal('server', 'SIGSTOP'),
      act(t('ex.hb.frozeAt'), (ctx) => {
        frozenAtMs = ctx.elapsed();
      }),
      expectClosedAfter(port, client.get, () => frozenAtMs, FROZEN_DEADLINE_MS, {
        id: 'closed-after-freeze',
        text: t('ex.hb.closed', { s: FROZEN_DEADLINE_MS / 1000 }),
        hint: t('ex.hb.closedHint'),
      }),
    ),
  ];
}

// Getters: the words follow the language (the TUI's L) without loading the lab again.
export const deadPeerExercise: Exercise = {
  id: 'dead-peer',
  role: 'client',
  get goal() {
    return t('ex.dead.goal', { s: DEAD_PEER_DEADLINE_MS / 1000 });
  },
  get hints() {
    return [t('ex.dead.hint1'), t('ex.dead.hint2'), t('ex.dead.hint3'), t('ex.dead.hint4'), t('ex.dead.hint5')];
  },
  starter: 'exercise/dead-peer-starter.ts',
  solution: 'exercise/dead-peer-solution.ts',
  get why() {
    return t('ex.dead.why');
  },
  plan: deadPeerPlan,
};

export const heartbeatExercise: Exercise = {
  id: 'heartbeat',
  role: 'client',
  get goal() {
    return t('ex.hb.goal', { s: FROZEN_DEADLINE_MS / 1000 });
  },
  get hints() {
    return [t('ex.hb.hint1'), t('ex.hb.hint2'), t('ex.hb.hint3'), t('ex.hb.hint4')];
  },
  starter: 'exercise/heartbeat-starter.ts',
  solution: 'exercise/heartbeat-solution.ts',
  get why() {
    return t('ex.hb.why');
  },
  plan: heartbeatPlan,
};
