import { isSyn, type Packet } from '../../checker/packets.ts';
import { HELD_SYNACK_SLACK, slackText } from '../../checker/tolerance.ts';
import { defineLab, type PlanInput, playing, type Step } from '../kit/lab.ts';
import { act, dropNft, nft, note, pause, signal, start, step, waitCapture, waitFor } from '../kit/plan.ts';
// The capture's judges, read as `segments.judgeThirdSegment(…)` where the plan uses them.
import * as segments from './capture-checks.ts';

const HOLD_TABLE = 'hold_synack';
/** The initial retransmission timeout, on both sides: what one lost SYN/ACK costs. */
const INITIAL_RTO_MS = 1000;

/** What a run learns as it goes, for the expectations that judge it later. */
interface HoldRun {
  /** When the lab began removing the rule that held the SYN/ACK (run time, ms). */
  releasedAtMs: number | null;
  /** How long the client's connect() took, as it printed it. */
  connectMs: number | null;
}

/** The client prints `connected in 1012 ms` once its connect() has returned. */
function connectMs(lines: readonly string[]): number | null {
  const match = lines.map((line) => /connected in (\d+) ms/.exec(line)).find((m) => m !== null);
  return match ? Number(match[1]) : null;
}

/** Wait until the capture holds a segment the choreography needs before it goes on. */
function seen(what: string, find: (packets: readonly Packet[]) => Packet | null | undefined) {
  return waitCapture(what, (packets) => Boolean(find(packets)), 5000);
}

/** nft holds the SYN/ACK; the client and the server are caught half-open; then the release. */
function holdSteps({ port, the }: PlanInput, run: HoldRun): Step[] {
  return [
    step(
      `nft holds SYN/ACKs from :${port}, the server listens`,
      // Dropped in the output hook, the server's SYN/ACK never reaches the wire (nor tcpdump).
      nft(
        HOLD_TABLE,
        `chain hold_synack {
          type filter hook output priority 0;
          tcp sport ${port} tcp flags & (syn | ack) == (syn | ack) drop
        }`,
        "drop the server's SYN/ACKs before they reach the wire",
      ),
      start('server', { listening: true }),
    ),
    step(
      'the client connects (SYN →); its SYN/ACK is held',
      start('client'),
      seen('SYN from the client', (all) => all.find((p) => isSyn(p) && p.dst.port === port)),
      the.client.timer('client-syn-sent', 'SYN-SENT', {
        timer: 'on',
        maxMs: INITIAL_RTO_MS,
        text: 'within 1 s, the client is SYN-SENT, its SYN retransmission timer (timer:(on,…)) due within 1 s',
      }),
      the.server.timer('server-syn-recv', 'SYN-RECV', {
        timer: 'on',
        maxMs: INITIAL_RTO_MS,
        text: 'within 1 s, the server side is SYN-RECV (a request socket, no process yet), its SYN/ACK retransmission timer due within 1 s',
      }),
      act('remember when the release began', (ctx) => {
        run.releasedAtMs = ctx.elapsed();
      }),
      dropNft(HOLD_TABLE),
      note('released: the next SYN/ACK may pass (the kernel retransmits it; it does not keep a copy)'),
    ),
  ];
}

/** The retransmitted SYN/ACK completes the handshake: its timing, its numbers, its states. */
function handshakeStep({ port, the }: PlanInput, run: HoldRun): Step {
  const wire = segments.onTheWire(port);
  const held = { releasedAtMs: () => run.releasedAtMs, ...HELD_SYNACK_SLACK };
  const connectAtLeastMs = INITIAL_RTO_MS - HELD_SYNACK_SLACK.earlyMs;
  return step(
    'the retransmitted SYN/ACK completes the handshake (← SYN/ACK, ACK →)',
    waitFor('client', /connected in/, 10_000),
    act("read how long the client's connect() took", (ctx) => {
      run.connectMs = connectMs(ctx.proc('client').stdout);
    }),
    seen('third handshake segment', (all) => segments.findHandshake(all, port)?.third),
    wire(
      'synack-held-then-retransmitted',
      (p) => segments.judgeHeldSynAck(p, held),
      `the SYN/ACK crossed the wire only after the release, at a retransmission: 1 s after the SYN, the initial timeout (a later whole second had the release come late), ${slackText(HELD_SYNACK_SLACK)}`,
    ),
    wire(
      'handshake-numbers',
      segments.judgeHandshakeNumbers,
      'the capture shows SYN seq x, SYN/ACK seq y ack x+1, ACK ack y+1 (and a retransmitted SYN keeps x)',
    ),
    wire(
      'third-segment-ack-only',
      segments.judgeThirdSegment,
      'the third segment carries ACK and not SYN (seed 001 writes SYN=1 there)',
    ),
    the.duration(
      'connect-waited-for-retransmission',
      "the client's connect()",
      () => run.connectMs,
      { minMs: connectAtLeastMs },
      {
        text: `the client's connect() took at least ${connectAtLeastMs} ms: one lost SYN/ACK costs the initial 1 s timeout`,
      },
    ),
    the.counter('syn-retransmissions-counted', 'TcpExtTCPSynRetrans', '>=', 1, {
      text: 'TcpExtTCPSynRetrans (SYN and SYN/ACK retransmissions) grew by at least 1',
    }),
    the.client.is('client-established', 'ESTAB'),
    the.server.is('server-established', 'ESTAB'),
  );
}

/** Data, then the close the client begins: four segments, TIME-WAIT on the client only. */
function dataAndCloseSteps({ port, scale, the }: PlanInput): Step[] {
  const wire = segments.onTheWire(port);
  return [
    step(
      'the client writes "Connect success" (data →)',
      waitFor('server', /read "Connect success"/),
      wire(
        'data-starts-at-x-plus-1',
        segments.judgeFirstData,
        'the first data byte is numbered x+1 (the SYN used one sequence number), and the server ACKs the end of it',
      ),
    ),
    step(
      'the client closes first (FIN →); the server kernel ACKs it (← ACK)',
      // The seed's client sleeps 3 s before closing.
      pause(scale(3000)),
      signal('client', 'SIGUSR2'),
      waitFor('server', /read EOF/),
      seen("server's ACK of the client's FIN", (all) => segments.findClose(all, port)?.ackOfFirst),
      the.client.is('client-fin-wait-2', 'FIN-WAIT-2'),
      the.server.is('server-close-wait', 'CLOSE-WAIT', {
        text: 'within 1 s, the server side is CLOSE-WAIT: its kernel ACKed the FIN, its program has not closed',
      }),
    ),
    step(
      'the server closes (← FIN); the client ACKs it and holds TIME-WAIT',
      pause(scale(1000)),
      signal('server', 'SIGUSR2'),
      waitFor('client', /read EOF/),
      seen("client's ACK of the server's FIN", (all) => segments.findClose(all, port)?.lastAck),
      wire(
        'four-segment-close',
        segments.judgeFourSegmentClose,
        'the close is four segments: client FIN/ACK →, ← ACK, ← FIN/ACK (ack = its FIN + 1), ACK →',
      ),
      wire('every-fin-carries-ack', segments.judgeFinsCarryAck, 'every FIN carries ACK (seed 001 writes FIN=1, ACK=0)'),
      the.client.timer('client-time-wait', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 50_000,
        maxMs: 60_000,
        text: 'within 1 s, the client, which closed first, is TIME-WAIT, its timer counting down from 60 s (seed 002 says 30 s)',
      }),
      the.server.count('server-side-gone', 'LAST-ACK', '==', 0, {
        text: 'within 1 s, the server side has left LAST-ACK (the last ACK arrived)',
      }),
      the.server.count('server-no-time-wait', 'TIME-WAIT', '==', 0, {
        within: 0,
        text: 'the server, the passive closer, holds no TIME-WAIT',
      }),
    ),
  ];
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
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client'),
  },
  // The held SYN/ACK crosses the wire at the first retransmission after the release: the
  // initial retransmission timeout, 1 s after the SYN. Nothing else in the run waits on a timer.
  floorMs: 1000,
  timeoutMs: 30_000,
  plan(input) {
    // This run's state: the steps' actions fill it in, later expectations read it.
    const run: HoldRun = { releasedAtMs: null, connectMs: null };
    return [...holdSteps(input, run), handshakeStep(input, run), ...dataAndCloseSteps(input)];
  },
});
