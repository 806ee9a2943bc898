import { expectCount, expectCounter, expectDuration, expectOutput } from '../../checker/expect.ts';
import { expectTimerCount } from '../../checker/expect-timer-count.ts';
import { isSyn, type Packet } from '../../checker/packets.ts';
import { expectSchedule } from '../../checker/schedule.ts';
import { LabError } from '../kit/errors.ts';
import { type Capture, defineLab, type LabContext } from '../kit/lab.ts';
import type { LabProcess } from '../kit/process.ts';

const SYN_RETRIES = 2;
const LINEAR_TIMEOUTS = 'net.ipv4.tcp_syn_linear_timeouts';
/** This kernel's default for tcp_syn_linear_timeouts (a fresh namespace reads 4). */
const KERNEL_LINEAR_DEFAULT = 4;
/** A gap between two SYNs may be 50 ms short or 250 ms long (kernel timers fire late, never early). */
const EARLY_MS = 50;
const LATE_MS = 250;
/** connect() gives up ≈ 7 s after the first SYN: 6.9–8 s (a 4 s kernel timer may run up to ~0.5 s late). */
const GIVE_UP_MIN_MS = 6900;
const GIVE_UP_MAX_MS = 8000;

/** The SYNs sent to the port, one list per client port, in the order the clients started. */
function synsByClient(packets: readonly Packet[], port: number): Packet[][] {
  const byPort = new Map<number, Packet[]>();
  for (const packet of packets) {
    if (!isSyn(packet) || packet.dst.port !== port) continue;
    const list = byPort.get(packet.src.port) ?? [];
    list.push(packet);
    byPort.set(packet.src.port, list);
  }
  return [...byPort.values()];
}

/** The time the client measured from connect() to its failure (it prints it). */
function failedAfterMs(client: LabProcess): number | null {
  const line = client.stdout.find((text) => /failed after \d+ ms/.test(text));
  return line ? Number(/failed after (\d+) ms/.exec(line)?.[1]) : null;
}

/** A sysctl as the sandbox reads it, or null when this kernel does not have it. */
async function readSysctl(ctx: LabContext, name: string): Promise<string | null> {
  try {
    const { stdout } = await ctx.sh(['cat', `/proc/sys/${name.replaceAll('.', '/')}`]);
    return stdout.trim();
  } catch {
    return null;
  }
}

/** One client's SYNs, found by the order clients started (the nth distinct client port). */
function synsOf(capture: Capture, port: number, nth: number): () => Packet[] {
  return () => synsByClient(capture.packets, port)[nth] ?? [];
}

/** Wait until tcpdump has seen `count` SYNs from this client; a clear error otherwise. */
async function waitForSyns(syns: () => Packet[], capture: Capture, count: number, timeoutMs: number): Promise<void> {
  const seen = await capture.waitFor(() => syns().length >= count, timeoutMs);
  if (!seen) throw new LabError(`tcpdump saw ${syns().length} SYN(s), not ${count}, within ${timeoutMs / 1000} s`);
}

function synCommand(port: number): string[] {
  return ['tcpdump', '-i', 'lo', '-n', '-tt', `tcp dst port ${port} and tcp[tcpflags] == tcp-syn`];
}

export default defineLab({
  id: 'syn-retries',
  title: 'SYN retries: how long connect() waits for a server that never answers',
  topic: 'timers',
  seed: '003',
  summary:
    'A firewall drops every SYN: the client sits in SYN-SENT while its kernel resends the SYN 1 s and 2 s later, and connect() fails with ETIMEDOUT after ≈ 7 s (tcp_syn_retries=2); with the kernel’s default linear timeouts the retries come every second, yet the deadline stays 7 s.',
  needs: { nft: true, tcpdump: true, sysctls: { 'net.ipv4.tcp_syn_retries': SYN_RETRIES } },
  port: 8818,
  programs: { server: 'server.ts', client: 'client.ts' },
  // Two connect() attempts that each wait for the kernel to give up: 1 + 2 + 4 s, then
  // (linear timeouts) 1 + 1 + 1 + 1 + 1 + 2 s. Fast mode shortens nothing: there is no pause.
  floorMs: 14_000,
  timeoutMs: 45_000,
  async run(ctx) {
    const port = ctx.port;

    const capture = await ctx.step(`tcpdump watches :${port}; the server listens`, async () => {
      const server = ctx.start('server');
      const capture = await ctx.capture(['tcp', 'port', String(port)]);
      await ctx.waitListening(server);
      return capture;
    });

    await ctx.step(`a firewall drops every SYN to :${port} (nft, input hook)`, async () => {
      // Dropped on arrival, after tcpdump saw it leave: the client's kernel sent it and never
      // hears back. (In the output hook the client's own send would fail, which is not a
      // black hole: the kernel treats that as local congestion and retries on another clock.)
      await ctx.nft(`
        chain drop_syns {
          type filter hook input priority 0;
          tcp dport ${port} tcp flags & (syn | ack) == syn drop
        }`);
    });

    const linearDefault = await readSysctl(ctx, LINEAR_TIMEOUTS);
    const syns = synsOf(capture, port, 0);

    const client = await ctx.step(
      `the textbook schedule (tcp_syn_retries=${SYN_RETRIES}, tcp_syn_linear_timeouts=0): SYN, then 1 s, then 2 s`,
      async () => {
        if (linearDefault === null) {
          ctx.note(`this kernel has no ${LINEAR_TIMEOUTS}: its SYN timer always doubles`);
        } else {
          ctx.note(`a new namespace reads ${LINEAR_TIMEOUTS}=${linearDefault}; the textbook schedule needs 0`);
          await ctx.sysctl(LINEAR_TIMEOUTS, 0);
        }
        await ctx.mark('textbook');
        const client = ctx.start('client');
        await waitForSyns(syns, capture, 2, 5000);
        await ctx.expect(
          expectTimerCount({
            id: 'syn-sent-after-first-retry',
            side: 'client',
            port,
            state: 'SYN-SENT',
            timer: 'on',
            count: ['==', 1],
            maxMs: 2000,
            text: 'after the first retry, ss -o shows SYN-SENT timer:(on,…,1): 1 retransmission, the next due within 2 s (the timeout doubled)',
          }),
        );
        await waitForSyns(syns, capture, 3, 4000);
        await ctx.expect(
          expectTimerCount({
            id: 'syn-sent-after-second-retry',
            side: 'client',
            port,
            state: 'SYN-SENT',
            timer: 'on',
            count: ['==', 2],
            maxMs: 4000,
            text: 'after the second retry, ss -o shows SYN-SENT timer:(on,…,2), due within 4 s: the last wait before giving up',
          }),
        );
        return client;
      },
    );

    await ctx.step('4 s after the last SYN the kernel gives up: connect() fails with ETIMEDOUT', async () => {
      await ctx.waitOutput(client, /failed after|connected after/, 7000);
      await ctx.expect(
        expectOutput({
          id: 'connect-etimedout',
          role: 'client',
          pattern: /connect\(\) failed after \d+ ms: ETIMEDOUT/,
          text: 'connect() failed with ETIMEDOUT (the kernel gave up; nothing refused the connection)',
        }),
      );
      await ctx.expect(
        expectDuration({
          id: 'gave-up-after-7s',
          label: "the client's connect()",
          measure: () => failedAfterMs(client),
          minMs: GIVE_UP_MIN_MS,
          maxMs: GIVE_UP_MAX_MS,
          text: `connect() gave up after ≈ 7 s = 1 + 2 + 4 (tcp_syn_retries=${SYN_RETRIES}; ${GIVE_UP_MIN_MS / 1000}–${GIVE_UP_MAX_MS / 1000} s)`,
        }),
      );
      await ctx.expect(
        expectSchedule({
          id: 'syn-schedule-textbook',
          label: 'SYNs',
          command: synCommand(port),
          segments: syns,
          gapsMs: [1000, 2000],
          earlyMs: EARLY_MS,
          lateMs: LATE_MS,
          sameSeq: true,
          text: `tcpdump saw 3 SYNs, 1 s then 2 s apart (each gap −${EARLY_MS}/+${LATE_MS} ms), all with the same sequence number: one SYN and ${SYN_RETRIES} retransmissions`,
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'syn-retrans-textbook',
          name: 'TcpExtTCPSynRetrans',
          op: '==',
          n: SYN_RETRIES,
          since: 'textbook',
          within: 0,
          text: `TcpExtTCPSynRetrans grew by exactly ${SYN_RETRIES}: the kernel counts every SYN it resent`,
        }),
      );
      await ctx.expect(
        expectCount({
          id: 'client-socket-gone',
          side: 'client',
          port,
          state: 'SYN-SENT',
          op: '==',
          n: 0,
          text: 'within 1 s, no client socket is left in SYN-SENT',
        }),
      );
      await ctx.expect(
        expectCount({
          id: 'server-never-saw-a-syn',
          side: 'server',
          port,
          state: 'SYN-RECV',
          op: '==',
          n: 0,
          within: 0,
          text: 'the server never saw a SYN: no SYN-RECV on its side (the drop came before TCP)',
        }),
      );
    });

    if (linearDefault === null) return;
    const linearSyns = synsOf(capture, port, 1);

    const linearClient = await ctx.step(
      `the kernel's own default (tcp_syn_linear_timeouts=${KERNEL_LINEAR_DEFAULT}): a SYN every second, same tcp_syn_retries=${SYN_RETRIES}`,
      async () => {
        await ctx.sysctl(LINEAR_TIMEOUTS, KERNEL_LINEAR_DEFAULT);
        await ctx.mark('linear');
        const linearClient = ctx.start('client-linear', { program: 'client.ts' });
        await waitForSyns(linearSyns, capture, 6, 10_000);
        await ctx.expect(
          expectTimerCount({
            id: 'syn-sent-after-linear-retries',
            side: 'client',
            port,
            state: 'SYN-SENT',
            timer: 'on',
            count: ['==', 5],
            maxMs: 2000,
            text: 'after 5 retries 1 s apart, ss -o shows SYN-SENT timer:(on,…,5), due within 2 s: that expiry is the give-up',
          }),
        );
        return linearClient;
      },
    );

    await ctx.step('more tries, same deadline: connect() still fails after ≈ 7 s', async () => {
      await ctx.waitOutput(linearClient, /failed after|connected after/, 5000);
      await ctx.expect(
        expectOutput({
          id: 'linear-connect-etimedout',
          role: 'client-linear',
          pattern: /connect\(\) failed after \d+ ms: ETIMEDOUT/,
          text: 'connect() failed with ETIMEDOUT again',
        }),
      );
      await ctx.expect(
        expectDuration({
          id: 'linear-gave-up-after-7s',
          label: "the client's connect()",
          measure: () => failedAfterMs(linearClient),
          minMs: GIVE_UP_MIN_MS,
          maxMs: GIVE_UP_MAX_MS,
          text: `connect() gave up after ≈ 7 s again (${GIVE_UP_MIN_MS / 1000}–${GIVE_UP_MAX_MS / 1000} s): the deadline is still the doubling schedule's 1 + 2 + 4 s`,
        }),
      );
      await ctx.expect(
        expectSchedule({
          id: 'syn-schedule-linear',
          label: 'SYNs',
          command: synCommand(port),
          segments: linearSyns,
          gapsMs: [1000, 1000, 1000, 1000, 1000],
          earlyMs: EARLY_MS,
          lateMs: LATE_MS,
          sameSeq: true,
          text: `tcpdump saw 6 SYNs 1 s apart (each gap −${EARLY_MS}/+${LATE_MS} ms): 5 retransmissions where the textbook schedule fits ${SYN_RETRIES}`,
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'syn-retrans-linear',
          name: 'TcpExtTCPSynRetrans',
          op: '==',
          n: 5,
          since: 'linear',
          within: 0,
          text: 'TcpExtTCPSynRetrans grew by exactly 5 this time',
        }),
      );
      await capture.stop();
      ctx.note(`capture stopped: ${capture.packets.length} segments`);
    });
  },
});
