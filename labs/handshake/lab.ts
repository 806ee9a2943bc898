import { expectCount, expectCounter, expectDuration, expectState, expectTimer } from '../../checker/expect.ts';
import { isSyn, type Packet } from '../../checker/packets.ts';
import { LabError } from '../kit/errors.ts';
import { type Capture, defineLab } from '../kit/lab.ts';
import type { LabProcess } from '../kit/process.ts';
import {
  expectCapture,
  findClose,
  findHandshake,
  judgeFinsCarryAck,
  judgeFirstData,
  judgeFourSegmentClose,
  judgeHandshakeNumbers,
  judgeHeldSynAck,
  judgeThirdSegment,
} from './capture-checks.ts';

/** Wait for a segment the choreography needs before it goes on; a clear error otherwise. */
async function segment(
  capture: Capture,
  what: string,
  match: (packets: readonly Packet[]) => Packet | null | undefined,
  timeoutMs = 5000,
): Promise<Packet> {
  const found = await capture.waitFor(() => Boolean(match(capture.packets)), timeoutMs);
  const packet = found ? match(capture.packets) : null;
  if (!packet) throw new LabError(`tcpdump saw no ${what} within ${timeoutMs / 1000} s`);
  return packet;
}

function connectMs(client: LabProcess): number | null {
  const line = client.stdout.find((text) => /connected in \d+ ms/.test(text));
  return line ? Number(/connected in (\d+) ms/.exec(line)?.[1]) : null;
}

export default defineLab({
  id: 'handshake',
  title: 'Three-way handshake and four-way close, packet by packet',
  topic: 'handshake',
  seed: '001',
  summary:
    'tcpdump shows SYN (seq x), SYN/ACK (seq y, ack x+1) and a bare ACK (ack y+1); holding the SYN/ACK freezes the client in SYN-SENT and the server in SYN-RECV until the kernel retransmits; the client closes first and ends in TIME-WAIT.',
  needs: { nft: true, tcpdump: true },
  port: 8818,
  programs: { server: 'server.ts', client: 'client.ts' },
  // The held SYN/ACK crosses the wire at the first retransmission after the release: the
  // initial retransmission timeout, 1 s after the SYN. Nothing else in the run waits on a timer.
  floorMs: 1000,
  timeoutMs: 30_000,
  async run(ctx) {
    const port = ctx.port;
    let releasedAtMs: number | null = null;

    const { capture, server, release } = await ctx.step(
      `tcpdump starts, nft holds SYN/ACKs from :${port}, the server listens`,
      async () => {
        const server = ctx.start('server');
        // Dropped in the output hook, the server's SYN/ACK never reaches the wire (nor tcpdump).
        const [capture, release] = await Promise.all([
          ctx.capture(['tcp', 'port', String(port)]),
          ctx.nft(`
            chain hold_synack {
              type filter hook output priority 0;
              tcp sport ${port} tcp flags & (syn | ack) == (syn | ack) drop
            }`),
          ctx.waitListening(server),
        ]);
        return { capture, server, release };
      },
    );
    const packets = () => capture.packets;

    const client = await ctx.step('the client connects (SYN →); its SYN/ACK is held', async () => {
      const client = ctx.start('client');
      await segment(capture, 'SYN from the client', (all) => all.find((p) => isSyn(p) && p.dst.port === port));
      await ctx.expect(
        expectTimer({
          id: 'client-syn-sent',
          side: 'client',
          port,
          state: 'SYN-SENT',
          timer: 'on',
          maxMs: 1000,
          text: 'within 1 s, the client is SYN-SENT, its SYN retransmission timer (timer:(on,…)) due within 1 s',
        }),
      );
      await ctx.expect(
        expectTimer({
          id: 'server-syn-recv',
          side: 'server',
          port,
          state: 'SYN-RECV',
          timer: 'on',
          maxMs: 1000,
          text: 'within 1 s, the server side is SYN-RECV (a request socket, no process yet), its SYN/ACK retransmission timer due within 1 s',
        }),
      );
      releasedAtMs = ctx.elapsed();
      await release();
      ctx.note('released: the next SYN/ACK may pass (the kernel retransmits it; it does not keep a copy)');
      return client;
    });

    await ctx.step('the retransmitted SYN/ACK completes the handshake (← SYN/ACK, ACK →)', async () => {
      await ctx.waitOutput(client, /connected in/, 10_000);
      await segment(capture, 'third handshake segment', (all) => findHandshake(all, port)?.third);
      await ctx.expect(
        expectCapture({
          id: 'synack-held-then-retransmitted',
          port,
          packets,
          judge: judgeHeldSynAck(port, { releasedAtMs: () => releasedAtMs, earlyMs: 50, lateMs: 600 }),
          text: 'the SYN/ACK crossed the wire only after the release, at a retransmission: 1 s after the SYN, the initial timeout (a later whole second had the release come late), −50/+600 ms',
        }),
      );
      await ctx.expect(
        expectCapture({
          id: 'handshake-numbers',
          port,
          packets,
          judge: judgeHandshakeNumbers(port),
          text: 'the capture shows SYN seq x, SYN/ACK seq y ack x+1, ACK ack y+1 (and a retransmitted SYN keeps x)',
        }),
      );
      await ctx.expect(
        expectCapture({
          id: 'third-segment-ack-only',
          port,
          packets,
          judge: judgeThirdSegment(port),
          text: 'the third segment carries ACK and not SYN (seed 001 writes SYN=1 there)',
        }),
      );
      await ctx.expect(
        expectDuration({
          id: 'connect-waited-for-retransmission',
          label: "the client's connect()",
          measure: () => connectMs(client),
          minMs: 950,
          text: "the client's connect() took at least 950 ms: one lost SYN/ACK costs the initial 1 s timeout",
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'syn-retransmissions-counted',
          name: 'TcpExtTCPSynRetrans',
          op: '>=',
          n: 1,
          text: 'TcpExtTCPSynRetrans (SYN and SYN/ACK retransmissions) grew by at least 1',
        }),
      );
      await ctx.expect(expectState({ id: 'client-established', side: 'client', port, state: 'ESTAB' }));
      await ctx.expect(expectState({ id: 'server-established', side: 'server', port, state: 'ESTAB' }));
    });

    await ctx.step('the client writes "Connect success" (data →)', async () => {
      await ctx.waitOutput(server, /read "Connect success"/);
      await ctx.expect(
        expectCapture({
          id: 'data-starts-at-x-plus-1',
          port,
          packets,
          judge: judgeFirstData(port),
          text: 'the first data byte is numbered x+1 (the SYN used one sequence number), and the server ACKs the end of it',
        }),
      );
    });

    await ctx.step('the client closes first (FIN →); the server kernel ACKs it (← ACK)', async () => {
      // The seed's client sleeps 3 s before closing.
      await ctx.pause(ctx.scale(3000));
      client.kill('SIGUSR2');
      await ctx.waitOutput(server, /read EOF/);
      await segment(capture, "server's ACK of the client's FIN", (all) => findClose(all, port)?.ackOfFirst);
      await ctx.expect(expectState({ id: 'client-fin-wait-2', side: 'client', port, state: 'FIN-WAIT-2' }));
      await ctx.expect(
        expectState({
          id: 'server-close-wait',
          side: 'server',
          port,
          state: 'CLOSE-WAIT',
          text: 'within 1 s, the server side is CLOSE-WAIT: its kernel ACKed the FIN, its program has not closed',
        }),
      );
    });

    await ctx.step('the server closes (← FIN); the client ACKs it and holds TIME-WAIT', async () => {
      await ctx.pause(ctx.scale(1000));
      server.kill('SIGUSR2');
      await ctx.waitOutput(client, /read EOF/);
      await segment(capture, "client's ACK of the server's FIN", (all) => findClose(all, port)?.lastAck);
      await ctx.expect(
        expectCapture({
          id: 'four-segment-close',
          port,
          packets,
          judge: judgeFourSegmentClose(port),
          text: 'the close is four segments: client FIN/ACK →, ← ACK, ← FIN/ACK (ack = its FIN + 1), ACK →',
        }),
      );
      await ctx.expect(
        expectCapture({
          id: 'every-fin-carries-ack',
          port,
          packets,
          judge: judgeFinsCarryAck(port),
          text: 'every FIN carries ACK (seed 001 writes FIN=1, ACK=0)',
        }),
      );
      await ctx.expect(
        expectTimer({
          id: 'client-time-wait',
          side: 'client',
          port,
          state: 'TIME-WAIT',
          timer: 'timewait',
          minMs: 50_000,
          maxMs: 60_000,
          text: 'within 1 s, the client, which closed first, is TIME-WAIT, its timer counting down from 60 s (seed 002 says 30 s)',
        }),
      );
      await ctx.expect(
        expectCount({
          id: 'server-side-gone',
          side: 'server',
          port,
          state: 'LAST-ACK',
          op: '==',
          n: 0,
          text: 'within 1 s, the server side has left LAST-ACK (the last ACK arrived)',
        }),
      );
      await ctx.expect(
        expectCount({
          id: 'server-no-time-wait',
          side: 'server',
          port,
          state: 'TIME-WAIT',
          op: '==',
          n: 0,
          within: 0,
          text: 'the server, the passive closer, holds no TIME-WAIT',
        }),
      );
      // Every segment is in; let tcpdump flush and exit before the sandbox closes.
      await capture.stop();
      ctx.note(`capture stopped: ${capture.packets.length} segments`);
    });
  },
});
