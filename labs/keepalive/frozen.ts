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
import { t } from './messages.ts';
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

/** How many answered probes after the freeze the lab waits for (a prediction's answer). */
const ANSWERED = 3;

/** The frozen program's state letter in /proc (T: stopped by a signal). */
function expectStopped(pid: () => number | null): Expectation {
  return {
    id: 'server-process-stopped',
    text: t('frozen.stopped'),
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
    text: t('heartbeat.recvQ'),
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
      t('frozen.connect'),
      start('client-2'),
      start('heartbeat'),
      waitExit('client-node'),
      ports.connected('client-2'),
      ports.connected('heartbeat'),
      waitFor('heartbeat', /first pong/),
    ),
    step(
      t('frozen.step'),
      signal('server', 'SIGSTOP'),
      // Timed from the freeze to the heartbeat's verdict as it happens, whatever the pause
      // before the next step (the heartbeat's clock does not wait for step mode).
      act(t('frozen.act'), (ctx) => {
        serverPid = ctx.proc('server').pid;
        frozenAtMs = ctx.elapsed();
        detected = ctx.waitOutput(ctx.proc('heartbeat'), /no pong/, 10_000).then(() => ctx.elapsed());
        detected.catch(() => {});
      }),
      mark('frozen'),
      expectStopped(() => serverPid),
    ),
    step(
      t('heartbeat.step'),
      act(t('heartbeat.act'), async () => {
        detectedAfterMs = (await detected) - frozenAtMs;
      }),
      the.duration(
        'heartbeat-detects-hang',
        'freeze → the heartbeat gives up',
        () => detectedAfterMs,
        { minMs: 1000, maxMs: 3000 },
        {
          text: t('heartbeat.detects'),
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
    {
      title: t('answered.step'),
      predict: {
        question: t('answered.predict', { n: ANSWERED }),
        expectation: 'probes-answered-while-frozen',
        choices: ['0', '1', '2', String(ANSWERED)],
      },
    },
    waitCapture(
      t('answered.wait'),
      (packets) =>
        probesAfter(packets, keepalivePort(), port, frozenAtMs()).filter((p) => answerTo(packets, p)).length >=
        ANSWERED,
      3 * KEEPALIVE_TIME_S * 1000 + 3000,
    ),
    expectAnsweredProbes({
      id: 'probes-answered-while-frozen',
      command: tcpdumpCommand(`tcp port ${port}`),
      clientPort: keepalivePort,
      serverPort: port,
      afterMs: frozenAtMs,
      count: ANSWERED,
      gapMs: KEEPALIVE_TIME_S * 1000,
      slack: KEEPALIVE_SLACK,
      text: t('answered.probes', { n: ANSWERED, s: KEEPALIVE_TIME_S, slack: slackText(KEEPALIVE_SLACK) }),
    }),
    the.client.timer('keepalive-sees-nothing', 'ESTAB', {
      timer: 'keepalive',
      count: ['==', 0],
      which: ports.mine('client-2'),
      text: t('answered.seesNothing'),
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
          text: t('answered.silent', { s: DEAD_AFTER_MS / 1000 }),
        },
      ),
    ),
    the.counter('nothing-aborted', 'TcpExtTCPAbortOnTimeout', '==', 0, {
      since: 'frozen',
      within: 0,
      text: t('answered.nothingAborted'),
    }),
  );
}
