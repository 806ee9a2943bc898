// The second half of the lab: the server's process freezes (SIGSTOP) while its kernel goes on
// serving its sockets. An application heartbeat notices within seconds; keepalive never does,
// because the frozen server's kernel answers every probe.

import { readFileSync } from 'node:fs';
import { type Expectation, ssSideArgs } from '../../checker/expect.ts';
import { tcpdumpCommand } from '../../checker/packets.ts';
import { formatEndpoint } from '../../checker/socket.ts';
import { KEEPALIVE_SLACK, slackText } from '../../checker/tolerance.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { act, mark, signal, start, step, waitCapture, waitExit, waitFor } from '../kit/plan.ts';
import {
  answerTo,
  type ClientPorts,
  DEAD_AFTER_MS,
  expectAnsweredProbes,
  type JudgedPackets,
  KEEPALIVE_TIME_S,
  probesAfter,
  probesOf,
} from './probes.ts';

/** The frozen program's state letter in /proc (T: stopped by a signal). */
function expectStopped(pid: () => number | null): Expectation {
  return {
    id: 'server-process-stopped',
    text: 'the server process is frozen: state T (stopped) in /proc, yet its sockets are still served by the kernel',
    // The pid is the host's, known once the server runs; `show` prints a placeholder.
    get command() {
      return ['ps', '-o', 'pid,stat,args', '-p', String(pid() ?? '<server-pid>')];
    },
    within: 1000,
    async attempt() {
      const known = pid();
      if (known === null) return { ok: false, observed: 'the server has no pid' };
      const stat = readFileSync(`/proc/${known}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      return { ok: state === 'T', observed: `pid ${known} state ${state}` };
    },
  };
}

/** The server's side of a connection holds bytes its frozen program never read. */
function expectUnreadPing(port: number, heartbeatPort: () => number): Expectation {
  const command = ssSideArgs('server', port);
  return {
    id: 'ping-waits-in-recv-q',
    text: "the server's side of the heartbeat connection holds the last ping in Recv-Q: its kernel took the bytes, its program never read them",
    command,
    within: 1000,
    async attempt(env) {
      const row = (await env.ss(command)).find(
        (r) => r.state !== 'LISTEN' && r.local.port === port && r.peer.port === heartbeatPort(),
      );
      if (!row) return { ok: false, observed: `no server-side socket for port ${heartbeatPort()}` };
      return {
        ok: row.recvQ >= 'ping\n'.length,
        observed: `${row.state} ${formatEndpoint(row.local)} ⇄ ${formatEndpoint(row.peer)} Recv-Q ${row.recvQ}`,
      };
    },
  };
}

/** Freeze the server; the heartbeat gives up, keepalive sees nothing wrong. */
export function frozenPeerSteps(input: PlanInput, ports: ClientPorts, seen: JudgedPackets): Step[] {
  const { port, the } = input;
  let serverPid: number | null = null;
  let frozenAtMs = 0;
  let detected: Promise<number> = Promise.resolve(0);
  let detectedAfterMs: number | null = null;
  return [
    step(
      'a new idle client with keepalive and a client with an application heartbeat connect',
      start('client-2'),
      start('heartbeat'),
      waitExit('client-node'),
      ports.connected('client-2'),
      ports.connected('heartbeat'),
      waitFor('heartbeat', /first pong/),
    ),
    step(
      'the server process freezes (SIGSTOP), as a hung program would',
      signal('server', 'SIGSTOP'),
      // Timed from the freeze to the heartbeat's verdict as it happens, whatever the pause
      // before the next step (the heartbeat's clock does not wait for step mode).
      act('note when the server froze, and time the heartbeat until it prints /no pong/', (ctx) => {
        serverPid = ctx.proc('server').pid;
        frozenAtMs = ctx.elapsed();
        detected = ctx.waitOutput(ctx.proc('heartbeat'), /no pong/, 10_000).then(() => ctx.elapsed());
        detected.catch(() => {});
      }),
      mark('frozen'),
      expectStopped(() => serverPid),
    ),
    step(
      'the heartbeat notices: no pong within 1.5 s',
      act('wait until the heartbeat gives up', async () => {
        detectedAfterMs = (await detected) - frozenAtMs;
      }),
      the.duration(
        'heartbeat-detects-hang',
        'freeze → the heartbeat gives up',
        () => detectedAfterMs,
        { minMs: 1000, maxMs: 3000 },
        {
          text: 'the heartbeat gave up 1–3 s after the freeze (its ping went unanswered for 1.5 s; pings are 0.5 s apart)',
        },
      ),
      expectUnreadPing(port, () => ports.of('heartbeat')),
    ),
    probesAnsweredStep(input, ports, seen, () => frozenAtMs),
  ];
}

/** The keepalive client's probes after the freeze: answered, on the idle clock. */
function probesAnsweredStep(
  { port, the }: PlanInput,
  ports: ClientPorts,
  seen: JudgedPackets,
  frozenAtMs: () => number,
): Step {
  const keepalivePort = () => ports.of('client-2');
  return step(
    'keepalive notices nothing: the frozen server’s kernel answers every probe',
    waitCapture(
      'three answered probes',
      (packets) =>
        probesAfter(packets, keepalivePort(), port, frozenAtMs()).filter((p) => answerTo(packets, p)).length >= 3,
      3 * KEEPALIVE_TIME_S * 1000 + 3000,
    ),
    expectAnsweredProbes({
      id: 'probes-answered-while-frozen',
      command: tcpdumpCommand(`tcp port ${port}`),
      clientPort: keepalivePort,
      serverPort: port,
      afterMs: frozenAtMs,
      count: 3,
      gapMs: KEEPALIVE_TIME_S * 1000,
      slack: KEEPALIVE_SLACK,
      text: `tcpdump: after the freeze, 3 probes, each answered at once by the server's kernel, ${KEEPALIVE_TIME_S} s apart (each answer restarts the ${KEEPALIVE_TIME_S} s idle clock; ${slackText(KEEPALIVE_SLACK)})`,
    }),
    the.client.timer('keepalive-sees-nothing', 'ESTAB', {
      timer: 'keepalive',
      count: ['==', 0],
      which: ports.mine('client-2'),
      text: 'the keepalive client is ESTAB with timer:(keepalive,…,0): no probe outstanding',
    }),
    seen.judged(
      the.duration(
        'silent-longer-than-dead-peer',
        "the keepalive client's silence so far",
        () => {
          const probes = probesOf(seen.packets(), keepalivePort(), port);
          const connected = seen.packets().find((p) => p.src.port === keepalivePort());
          return probes.length > 0 && connected ? (probes.at(-1)?.tMs ?? 0) - connected.tMs : null;
        },
        { minMs: DEAD_AFTER_MS },
        {
          text: `its silence has outlasted the ${DEAD_AFTER_MS / 1000} s in which a vanished peer was found dead, and it is still connected`,
        },
      ),
    ),
    the.counter('nothing-aborted', 'TcpExtTCPAbortOnTimeout', '==', 0, {
      since: 'frozen',
      within: 0,
      text: 'TcpExtTCPAbortOnTimeout did not move: as far as TCP knows, nothing is wrong',
    }),
  );
}
