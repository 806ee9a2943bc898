import { isSyn } from '../../checker/packets.ts';
import { HELD_SYNACK_SLACK, slackText } from '../../checker/tolerance.ts';
import { defineLab, type PlanInput, playing, type Step } from '../kit/lab.ts';
import { act, dropNft, nft, note, start, step, waitFor } from '../kit/plan.ts';
// The capture's judges, read as `segments.judgeThirdSegment(…)` where the plan uses them.
import * as segments from './capture-checks.ts';
import { dataAndCloseSteps, seen } from './close-steps.ts';
import { expectSynPrintedAbsolute } from './tcpdump-default.ts';

const HOLD_TABLE = 'hold_synack';
/** The initial retransmission timeout, on both sides: what one lost SYN/ACK costs. */
const INITIAL_RTO_MS = 1000;
const LINEAR_TIMEOUTS = 'net.ipv4.tcp_syn_linear_timeouts';

/** What a run learns as it goes, for the expectations that judge it later. */
interface HoldRun {
  /** When the lab began removing the rule that held the SYN/ACK (run time, ms). */
  releasedAtMs: number | null;
  /** How long the client's connect() took, as it printed it. */
  connectMs: number | null;
  /** This kernel's tcp_syn_linear_timeouts (null before 6.5): when the client resends its SYN. */
  linear: number | null;
  /** The run's folder, where the kit keeps the capture file. */
  runDir: string | null;
}

/** The client prints `connected in 1012 ms` once its connect() has returned. */
function connectMs(lines: readonly string[]): number | null {
  const match = lines.map((line) => /connected in (\d+) ms/.exec(line)).find((m) => m !== null);
  return match ? Number(match[1]) : null;
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
      act(`read ${LINEAR_TIMEOUTS} (absent before 6.5): when the client will resend its SYN`, async (ctx) => {
        const value = await ctx.readSysctl(LINEAR_TIMEOUTS);
        run.linear = value === null ? null : Number(value);
        run.runDir = ctx.runDir;
      }),
      start('client'),
      seen('SYN from the client', (all) => all.find((p) => isSyn(p) && p.dst.port === port)),
      // Timers only: how soon each is due depends on how many copies went already, which a slow
      // machine's late look can change; the capture judges the timing (synack-held-…).
      the.client.timer('client-syn-sent', 'SYN-SENT', {
        timer: 'on',
        text: 'within 1 s, the client is SYN-SENT, its SYN retransmission timer running (timer:(on,…))',
      }),
      the.server.timer('server-syn-recv', 'SYN-RECV', {
        timer: 'on',
        text: 'within 1 s, the server side is SYN-RECV (a request socket, no process yet), its SYN/ACK retransmission timer running',
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
  const held = {
    releasedAtMs: () => run.releasedAtMs,
    points: () => segments.retransmissionPoints(run.linear),
    ...HELD_SYNACK_SLACK,
  };
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
      `the SYN/ACK crossed the wire only after the release, at a retransmission: 1 s after the SYN, the initial timeout (a later retransmission of either side, had the release come late), ${slackText(HELD_SYNACK_SLACK)}`,
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
    expectSynPrintedAbsolute(port, () => run.runDir),
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
    const run: HoldRun = { releasedAtMs: null, connectMs: null, linear: null, runDir: null };
    return [...holdSteps(input, run), handshakeStep(input, run), ...dataAndCloseSteps(input)];
  },
});
