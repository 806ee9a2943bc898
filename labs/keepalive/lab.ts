import { readFileSync } from 'node:fs';
import {
  type Expectation,
  expectCount,
  expectCounter,
  expectDuration,
  expectOutput,
  ssSideArgs,
} from '../../checker/expect.ts';
import { expectTimerCount } from '../../checker/expect-timer-count.ts';
import { expectSchedule } from '../../checker/schedule.ts';
import { formatEndpoint } from '../../checker/socket.ts';
import { LabError } from '../kit/errors.ts';
import { type Capture, defineLab } from '../kit/lab.ts';
import type { LabProcess } from '../kit/process.ts';
import { answerTo, deadPeerSchedule, expectAnsweredProbes, probesOf } from './probes.ts';

/** The namespace's keepalive: 2 s of silence, then a probe every 1 s, dead after 3 unanswered. */
const KEEPALIVE_TIME_S = 2;
const KEEPALIVE_INTVL_S = 1;
const KEEPALIVE_PROBES = 3;
/** Dead-peer detection: 2 + 3 × 1 = 5 s after the last segment heard. */
const DEAD_AFTER_MS = (KEEPALIVE_TIME_S + KEEPALIVE_PROBES * KEEPALIVE_INTVL_S) * 1000;
/** Probe gaps may be 50 ms short or 300 ms long (kernel timers fire late, never early). */
const EARLY_MS = 50;
const LATE_MS = 300;

function tcpdumpCommand(port: number): string[] {
  return ['tcpdump', '-i', 'lo', '-n', '-tt', 'tcp', 'port', String(port)];
}

/** The client's own port, from what it printed once connected. */
function clientPort(client: LabProcess): number {
  const line = client.stdout.find((text) => /connected from port \d+/.test(text));
  return line ? Number(/connected from port (\d+)/.exec(line)?.[1]) : 0;
}

/** Wait for a capture condition the choreography needs; a clear error otherwise. */
async function waitCapture(capture: Capture, what: string, ready: () => boolean, timeoutMs: number): Promise<void> {
  if (!(await capture.waitFor(ready, timeoutMs)))
    throw new LabError(`tcpdump saw no ${what} within ${timeoutMs / 1000} s`);
}

/** The frozen program's state letter in /proc (T: stopped by a signal). */
function expectStopped(proc: LabProcess): Expectation {
  const pid = proc.pid;
  return {
    id: 'server-process-stopped',
    text: 'the server process is frozen: state T (stopped) in /proc, yet its sockets are still served by the kernel',
    command: ['ps', '-o', 'pid,stat,args', '-p', String(pid ?? 0)],
    within: 1000,
    async attempt() {
      if (pid === null) return { ok: false, observed: 'the server has no pid' };
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      return { ok: state === 'T', observed: `pid ${pid} state ${state}` };
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
  programs: { server: 'server.ts', client: 'client.ts', heartbeat: 'heartbeat-client.ts' },
  // Dead peer: 2 s idle + 3 probes × 1 s = 5 s. Frozen peer: three answered probes, the
  // third 6 s after connecting (an answer restarts the 2 s idle clock). No pauses to shrink.
  floorMs: DEAD_AFTER_MS + 3 * KEEPALIVE_TIME_S * 1000,
  timeoutMs: 45_000,
  async run(ctx) {
    const port = ctx.port;
    const packets = () => capture.packets;

    const { capture, server } = await ctx.step(`tcpdump watches :${port}; the server listens`, async () => {
      const server = ctx.start('server');
      const capture = await ctx.capture(['tcp', 'port', String(port)]);
      await ctx.waitListening(server);
      return { capture, server };
    });

    // One step from connect() to the second client's 4th probe: the kernel's timers do not
    // wait for a step-mode pause, and what the ss checks look for only lasts a second or two.
    const { sysctlClient, nodeClient, reconnect } = await ctx.step(
      `two idle clients with keepalive connect; the server vanishes; after ${KEEPALIVE_PROBES} unanswered probes one client gives up, the other keeps probing`,
      async () => {
        const sysctlClient = ctx.start('client');
        const nodeClient = ctx.start('client-node', {
          program: 'client.ts',
          env: { KEEPALIVE_IDLE_MS: String(KEEPALIVE_TIME_S * 1000) },
        });
        await ctx.waitOutput(sysctlClient, /connected from port/);
        await ctx.waitOutput(nodeClient, /connected from port/);
        const sysctlPort = clientPort(sysctlClient);
        await ctx.expect(
          expectTimerCount({
            id: 'keepalive-timer-idle',
            side: 'client',
            port,
            state: 'ESTAB',
            timer: 'keepalive',
            count: ['==', 0],
            maxMs: KEEPALIVE_TIME_S * 1000,
            which: (row) => row.local.port === sysctlPort,
            text: `ss -o shows the client's timer:(keepalive,…,0): the first probe is due within ${KEEPALIVE_TIME_S} s of silence (tcp_keepalive_time)`,
          }),
        );
        // Both directions, on arrival: the server neither hears the probes nor is heard.
        const reconnect = await ctx.nft(`
          chain vanish {
            type filter hook input priority 0;
            tcp dport ${port} drop
            tcp sport ${port} drop
          }`);
        await ctx.mark('vanished');
        ctx.note('the server is gone as if its cable were cut: nothing it sends arrives, nothing reaches it');

        await waitCapture(capture, 'second probe', () => probesOf(packets(), sysctlPort, port).length >= 2, 6000);
        await ctx.expect(
          expectTimerCount({
            id: 'keepalive-probes-unanswered',
            side: 'client',
            port,
            state: 'ESTAB',
            timer: 'keepalive',
            count: ['>=', 1],
            maxMs: KEEPALIVE_INTVL_S * 1000,
            which: (row) => row.local.port === sysctlPort,
            text: `ss -o counts the unanswered probes in timer:(keepalive,…,N); the next one is due within ${KEEPALIVE_INTVL_S} s (tcp_keepalive_intvl)`,
          }),
        );

        await ctx.waitOutput(sysctlClient, /ETIMEDOUT|ECONN|EPIPE/, DEAD_AFTER_MS + 3000);
        await ctx.expect(
          expectOutput({
            id: 'dead-peer-etimedout',
            role: 'client',
            pattern: /ETIMEDOUT \d+ ms after connecting/,
            text: 'the silent client learns that its peer is gone: its socket fails with ETIMEDOUT',
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'aborted-on-timeout',
            name: 'TcpExtTCPAbortOnTimeout',
            op: '==',
            n: 1,
            since: 'vanished',
            within: 0,
            text: 'TcpExtTCPAbortOnTimeout grew by exactly 1: the kernel aborted one connection on a timer',
          }),
        );
        await ctx.expect(
          expectTimerCount({
            id: 'node-keepalive-keeps-probing',
            side: 'client',
            port,
            state: 'ESTAB',
            timer: 'keepalive',
            count: ['>', KEEPALIVE_PROBES],
            which: (row) => row.local.port === clientPort(nodeClient),
            within: 2500,
            text: `within 2.5 s, the other client (Node's setKeepAlive(true, ${KEEPALIVE_TIME_S * 1000})) is still ESTAB with more than ${KEEPALIVE_PROBES} probes unanswered: Node set TCP_KEEPCNT=10 and TCP_KEEPINTVL=1 on its socket`,
          }),
        );
        return { sysctlClient, nodeClient, reconnect };
      },
    );
    const sysctlPort = clientPort(sysctlClient);

    await ctx.step(
      `the evidence: ${KEEPALIVE_TIME_S} s of silence, ${KEEPALIVE_PROBES} probes ${KEEPALIVE_INTVL_S} s apart, RST; a server that never noticed`,
      async () => {
        await ctx.expect(
          expectSchedule({
            id: 'dead-peer-schedule',
            label: 'segments (last heard, probes, RST)',
            command: tcpdumpCommand(port),
            segments: () => deadPeerSchedule(packets(), sysctlPort, port),
            gapsMs: [KEEPALIVE_TIME_S * 1000, ...Array(KEEPALIVE_PROBES).fill(KEEPALIVE_INTVL_S * 1000)],
            earlyMs: EARLY_MS,
            lateMs: LATE_MS,
            text: `tcpdump: ${KEEPALIVE_TIME_S} s after the last segment heard, ${KEEPALIVE_PROBES} probes ${KEEPALIVE_INTVL_S} s apart, then the client's RST ${KEEPALIVE_INTVL_S} s later (each gap −${EARLY_MS}/+${LATE_MS} ms)`,
          }),
        );
        await ctx.expect(
          expectDuration({
            id: 'dead-after-5s',
            label: 'last segment heard → RST',
            measure: () => {
              const schedule = deadPeerSchedule(packets(), sysctlPort, port);
              return schedule.length > 1 ? (schedule.at(-1)?.tMs ?? 0) - (schedule[0]?.tMs ?? 0) : null;
            },
            minMs: DEAD_AFTER_MS - 100,
            maxMs: DEAD_AFTER_MS + 1000,
            text: `the kernel gave up ≈ ${DEAD_AFTER_MS / 1000} s after the last segment it heard = ${KEEPALIVE_TIME_S} + ${KEEPALIVE_PROBES} × ${KEEPALIVE_INTVL_S} s (−0.1/+1 s)`,
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'probes-counted',
            name: 'TcpExtTCPKeepAlive',
            op: '>=',
            n: 2 * KEEPALIVE_PROBES + 1,
            since: 'vanished',
            within: 0,
            text: `TcpExtTCPKeepAlive (probes sent) grew by at least ${2 * KEEPALIVE_PROBES + 1}: ${KEEPALIVE_PROBES} from the first client, more than ${KEEPALIVE_PROBES} from the second`,
          }),
        );
        await ctx.expect(
          expectCount({
            id: 'server-still-established',
            side: 'server',
            port,
            state: 'ESTAB',
            op: '==',
            n: 2,
            within: 0,
            text: 'the server still lists both connections as ESTAB: it heard nothing, not even the RST, and without keepalive of its own it would keep them forever',
          }),
        );
        await reconnect();
        nodeClient.kill('SIGTERM');
        ctx.note('the network is back; the second client is stopped (its next probe would have been answered)');
      },
    );

    const { keepaliveClient, heartbeat } = await ctx.step(
      'a new idle client with keepalive and a client with an application heartbeat connect',
      async () => {
        const keepaliveClient = ctx.start('client-2', { program: 'client.ts' });
        const heartbeat = ctx.start('heartbeat');
        await ctx.waitExit(nodeClient);
        await ctx.waitOutput(keepaliveClient, /connected from port/);
        await ctx.waitOutput(heartbeat, /first pong/);
        return { keepaliveClient, heartbeat };
      },
    );
    const keepalivePort = clientPort(keepaliveClient);
    const heartbeatPort = () => clientPort(heartbeat);

    const { frozenAtMs, detected } = await ctx.step(
      'the server process freezes (SIGSTOP), as a hung program would',
      async () => {
        server.kill('SIGSTOP');
        const frozenAtMs = ctx.elapsed();
        // Timed from the freeze to the heartbeat's verdict as it happens, whatever the pause
        // before the next step (the heartbeat's clock does not wait for step mode).
        const detected = ctx.waitOutput(heartbeat, /no pong/, 10_000).then(() => ctx.elapsed());
        detected.catch(() => {});
        await ctx.mark('frozen');
        await ctx.expect(expectStopped(server));
        return { frozenAtMs, detected };
      },
    );

    await ctx.step('the heartbeat notices: no pong within 1.5 s', async () => {
      const detectedAfterMs = (await detected) - frozenAtMs;
      await ctx.expect(
        expectDuration({
          id: 'heartbeat-detects-hang',
          label: 'freeze → the heartbeat gives up',
          measure: () => detectedAfterMs,
          minMs: 1000,
          maxMs: 3000,
          text: 'the heartbeat gave up 1–3 s after the freeze (its ping went unanswered for 1.5 s; pings are 0.5 s apart)',
        }),
      );
      await ctx.expect(expectUnreadPing(port, heartbeatPort));
    });

    await ctx.step('keepalive notices nothing: the frozen server’s kernel answers every probe', async () => {
      await waitCapture(
        capture,
        'three answered probes',
        () =>
          probesOf(packets(), keepalivePort, port).filter((p) => p.tMs > frozenAtMs && answerTo(packets(), p)).length >=
          3,
        3 * KEEPALIVE_TIME_S * 1000 + 3000,
      );
      await ctx.expect(
        expectAnsweredProbes({
          id: 'probes-answered-while-frozen',
          command: tcpdumpCommand(port),
          packets,
          clientPort: () => keepalivePort,
          serverPort: port,
          afterMs: () => frozenAtMs,
          count: 3,
          gapMs: KEEPALIVE_TIME_S * 1000,
          earlyMs: EARLY_MS,
          lateMs: LATE_MS,
          text: `tcpdump: after the freeze, 3 probes, each answered at once by the server's kernel, ${KEEPALIVE_TIME_S} s apart (each answer restarts the ${KEEPALIVE_TIME_S} s idle clock; −${EARLY_MS}/+${LATE_MS} ms)`,
        }),
      );
      await ctx.expect(
        expectTimerCount({
          id: 'keepalive-sees-nothing',
          side: 'client',
          port,
          state: 'ESTAB',
          timer: 'keepalive',
          count: ['==', 0],
          which: (row) => row.local.port === keepalivePort,
          text: 'the keepalive client is ESTAB with timer:(keepalive,…,0): no probe outstanding',
        }),
      );
      await ctx.expect(
        expectDuration({
          id: 'silent-longer-than-dead-peer',
          label: "the keepalive client's silence so far",
          measure: () => {
            const probes = probesOf(packets(), keepalivePort, port);
            const connected = packets().find((p) => p.src.port === keepalivePort);
            return probes.length > 0 && connected ? (probes.at(-1) as { tMs: number }).tMs - connected.tMs : null;
          },
          minMs: DEAD_AFTER_MS,
          text: `its silence has outlasted the ${DEAD_AFTER_MS / 1000} s in which a vanished peer was found dead, and it is still connected`,
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'nothing-aborted',
          name: 'TcpExtTCPAbortOnTimeout',
          op: '==',
          n: 0,
          since: 'frozen',
          within: 0,
          text: 'TcpExtTCPAbortOnTimeout did not move: as far as TCP knows, nothing is wrong',
        }),
      );
      await capture.stop();
      ctx.note(`capture stopped: ${capture.packets.length} segments`);
    });
  },
});
