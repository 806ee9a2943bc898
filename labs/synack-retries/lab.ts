import {
  type Expectation,
  expectCount,
  expectCounter,
  expectDuration,
  expectListenerQueue,
  expectOutput,
  expectState,
} from '../../checker/expect.ts';
import { expectTimerCount } from '../../checker/expect-timer-count.ts';
import { hasFlag, isSynAck, type Packet } from '../../checker/packets.ts';
import { describeTimes, expectSchedule } from '../../checker/schedule.ts';
import { LabError } from '../kit/errors.ts';
import { type Capture, defineLab } from '../kit/lab.ts';

const SYNACK_RETRIES = 2;
/** A gap between two SYN/ACKs may be 50 ms short or 250 ms long (kernel timers fire late, never early). */
const EARLY_MS = 50;
const LATE_MS = 250;
/** The request is dropped ≈ 7 s after the first SYN/ACK: 6.9–8 s (a 4 s kernel timer may run late). */
const GIVE_UP_MIN_MS = 6900;
const GIVE_UP_MAX_MS = 8000;

function tcpdumpCommand(port: number): string[] {
  return ['tcpdump', '-i', 'lo', '-n', '-tt', 'tcp', 'port', String(port)];
}

/** The server's SYN/ACKs (the first and its retransmissions). */
function synAcks(packets: readonly Packet[], port: number): Packet[] {
  return packets.filter((packet) => isSynAck(packet) && packet.src.port === port);
}

/** The client's segments that carry ACK but no SYN: its handshake ACK, repeats, then data. */
function clientAcks(packets: readonly Packet[], port: number): Packet[] {
  return packets.filter((p) => p.dst.port === port && hasFlag(p, 'ACK') && !hasFlag(p, 'SYN'));
}

/** Wait until tcpdump has seen `count` SYN/ACKs; a clear error otherwise. */
async function waitForSynAcks(capture: Capture, port: number, count: number, timeoutMs: number): Promise<Packet> {
  const seen = await capture.waitFor(() => synAcks(capture.packets, port).length >= count, timeoutMs);
  const list = synAcks(capture.packets, port);
  if (!seen) throw new LabError(`tcpdump saw ${list.length} SYN/ACK(s), not ${count}, within ${timeoutMs / 1000} s`);
  return list[count - 1] as Packet;
}

/** Each SYN/ACK was answered by the client with a bare ACK, and none of them got through. */
function expectEveryAckLost(port: number, packets: () => readonly Packet[]): Expectation {
  return {
    id: 'client-acked-every-synack',
    text: `the client answered each of the ${SYNACK_RETRIES + 1} SYN/ACKs with an ACK (tcpdump saw them leave; nft dropped them on arrival)`,
    command: tcpdumpCommand(port),
    within: 1000,
    async attempt() {
      const all = packets();
      const bare = clientAcks(all, port).filter((p) => p.length === 0);
      const observed = `${synAcks(all, port).length} SYN/ACKs, ${bare.length} client ACKs at ${describeTimes(bare)}`;
      return { ok: bare.length === SYNACK_RETRIES + 1 && synAcks(all, port).length === SYNACK_RETRIES + 1, observed };
    },
  };
}

/** The server program's accept() never returned this connection. */
function expectNeverAccepted(): Expectation {
  return {
    id: 'server-never-accepted',
    text: 'the server program never accepted the connection (it only ever sees completed handshakes)',
    command: null,
    within: 0,
    async attempt(env) {
      const accepted = env.output('server').find((line) => /accepted/.test(line));
      return accepted ? { ok: false, observed: accepted } : { ok: true, observed: 'server printed no "accepted" line' };
    },
  };
}

export default defineLab({
  id: 'synack-retries',
  title: 'SYN/ACK retries: the half-open connection a lost ACK leaves behind',
  topic: 'timers',
  seed: '003',
  summary:
    "The client's final ACK is lost: the client is ESTAB, the server holds a SYN-RECV request and resends its SYN/ACK 1 s and 2 s later (tcp_synack_retries=2), then forgets it ≈ 7 s in; the client's first request meets a RST.",
  needs: { nft: true, tcpdump: true, sysctls: { 'net.ipv4.tcp_synack_retries': SYNACK_RETRIES } },
  port: 8818,
  programs: { server: 'server.ts', client: 'client.ts' },
  // The server keeps the request through 1 + 2 + 4 s of SYN/ACK timers before dropping it.
  floorMs: 7000,
  timeoutMs: 30_000,
  async run(ctx) {
    const port = ctx.port;

    const capture = await ctx.step(`tcpdump watches :${port}; the server listens`, async () => {
      const server = ctx.start('server');
      const capture = await ctx.capture(['tcp', 'port', String(port)]);
      await ctx.waitListening(server);
      return capture;
    });
    const packets = () => capture.packets;

    const heal = await ctx.step(
      'nft drops every segment from the client except its SYN (the final ACK is lost)',
      async () => {
        // Dropped on arrival (input hook): tcpdump sees each ACK leave the client, the server
        // never receives it. Data segments carry ACK too, so nothing completes the handshake.
        return ctx.nft(`
        chain drop_client_acks {
          type filter hook input priority 0;
          tcp dport ${port} tcp flags & (syn | ack) == ack drop
        }`);
      },
    );

    // One step from connect() to the dropped request: the kernel's timers do not wait for a
    // step-mode pause, and the request's lifetime is measured live.
    const client = await ctx.step(
      'the client connects (ESTAB at once); the server keeps a SYN-RECV request, resends its SYN/ACK 1 s and 2 s later, then drops it',
      async () => {
        const client = ctx.start('client');
        await ctx.waitOutput(client, /connected/);
        const firstSynAck = await waitForSynAcks(capture, port, 1, 1000);
        await ctx.expect(
          expectState({
            id: 'client-established',
            side: 'client',
            port,
            state: 'ESTAB',
            text: 'within 1 s, the client side is ESTAB: its connect() returned after the SYN/ACK',
          }),
        );
        await ctx.expect(
          expectTimerCount({
            id: 'server-syn-recv',
            side: 'server',
            port,
            state: 'SYN-RECV',
            timer: 'on',
            count: ['==', 0],
            maxMs: 1000,
            text: 'within 1 s, the server side is SYN-RECV (a request, no socket for the program yet), timer:(on,…,0) due within 1 s',
          }),
        );
        await ctx.expect(
          expectListenerQueue({
            id: 'accept-queue-empty',
            port,
            recvQ: ['==', 0],
            within: 0,
            text: 'the listener’s accept queue is empty (Recv-Q 0): there is nothing for accept() yet',
          }),
        );
        await waitForSynAcks(capture, port, 2, 3000);
        await ctx.expect(
          expectTimerCount({
            id: 'syn-recv-after-first-retry',
            side: 'server',
            port,
            state: 'SYN-RECV',
            timer: 'on',
            count: ['==', 1],
            maxMs: 2000,
            text: 'after the first resend, ss -o shows SYN-RECV timer:(on,…,1), due within 2 s (the timeout doubled)',
          }),
        );
        await waitForSynAcks(capture, port, 3, 4000);
        await ctx.expect(
          expectTimerCount({
            id: 'syn-recv-after-second-retry',
            side: 'server',
            port,
            state: 'SYN-RECV',
            timer: 'on',
            count: ['==', 2],
            maxMs: 4000,
            text: `after the second resend, ss -o shows SYN-RECV timer:(on,…,2), due within 4 s: tcp_synack_retries=${SYNACK_RETRIES} is used up`,
          }),
        );
        const gone = await ctx.expect(
          expectCount({
            id: 'server-request-dropped',
            side: 'server',
            port,
            state: 'SYN-RECV',
            op: '==',
            n: 0,
            within: 6000,
            text: 'within 6 s, the server side has no SYN-RECV left: the request was dropped, silently (no RST)',
          }),
        );
        await ctx.expect(
          expectDuration({
            id: 'request-lived-7s',
            label: 'the request (first SYN/ACK → gone from ss)',
            measure: () => (gone.ok ? gone.tMs - firstSynAck.tMs : null),
            minMs: GIVE_UP_MIN_MS,
            maxMs: GIVE_UP_MAX_MS,
            text: `the server kept the request ≈ 7 s = 1 + 2 + 4 (${GIVE_UP_MIN_MS / 1000}–${GIVE_UP_MAX_MS / 1000} s, read by polling ss)`,
          }),
        );
        return client;
      },
    );

    await ctx.step(
      'the evidence: three SYN/ACKs, three lost ACKs, and a client that still thinks it is connected',
      async () => {
        await ctx.expect(
          expectSchedule({
            id: 'synack-schedule',
            label: 'SYN/ACKs',
            command: tcpdumpCommand(port),
            segments: () => synAcks(capture.packets, port),
            gapsMs: [1000, 2000],
            earlyMs: EARLY_MS,
            lateMs: LATE_MS,
            sameSeq: true,
            within: 0,
            text: `tcpdump saw 3 SYN/ACKs, 1 s then 2 s apart (each gap −${EARLY_MS}/+${LATE_MS} ms), all with the same sequence number, and nothing from the server after them`,
          }),
        );
        await ctx.expect(expectEveryAckLost(port, packets));
        await ctx.expect(
          expectCounter({
            id: 'client-challenge-acks',
            name: 'TcpExtTCPSYNChallenge',
            op: '==',
            n: SYNACK_RETRIES,
            within: 0,
            text: `TcpExtTCPSYNChallenge grew by ${SYNACK_RETRIES}: to the ESTAB client a repeated SYN/ACK is a SYN on an open connection, answered with a challenge ACK (RFC 5961)`,
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'synack-retrans-counted',
            name: 'TcpExtTCPSynRetrans',
            op: '==',
            n: SYNACK_RETRIES,
            within: 0,
            text: `TcpExtTCPSynRetrans grew by exactly ${SYNACK_RETRIES} (it counts SYN/ACKs resent, too)`,
          }),
        );
        await ctx.expect(
          expectState({
            id: 'client-still-established',
            side: 'client',
            port,
            state: 'ESTAB',
            within: 0,
            text: 'the client side is still ESTAB: half-open, it has a connection the server no longer knows',
          }),
        );
        await ctx.expect(expectNeverAccepted());
      },
    );

    await ctx.step('the network heals; the client sends its first request and gets a RST', async () => {
      await heal();
      client.kill('SIGUSR1');
      await ctx.waitOutput(client, /ECONNRESET|read "/, 5000);
      await ctx.expect(
        expectOutput({
          id: 'client-econnreset',
          role: 'client',
          pattern: /ECONNRESET/,
          text: "the client's first request fails with ECONNRESET",
        }),
      );
      await ctx.expect({
        id: 'server-answered-rst',
        text: "tcpdump saw the request arrive and the server's kernel answer with RST: no connection, only a listener",
        command: tcpdumpCommand(port),
        within: 1000,
        async attempt() {
          const all = packets();
          const request = all.find((p) => p.dst.port === port && p.length > 0);
          const reset = request && all.find((p) => p.src.port === port && hasFlag(p, 'RST') && p.tMs >= request.tMs);
          if (!request) return { ok: false, observed: 'no data segment from the client yet' };
          if (!reset) return { ok: false, observed: `request (${request.length} bytes) seen, no RST after it` };
          return {
            ok: true,
            observed: `request of ${request.length} bytes at +${(request.tMs / 1000).toFixed(3)}s, RST [${reset.flagText}] ${reset.tMs - request.tMs} ms later`,
          };
        },
      });
      await capture.stop();
      ctx.note(`capture stopped: ${capture.packets.length} segments`);
    });
  },
});
