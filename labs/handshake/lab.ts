import { isSyn } from '../../checker/packets.ts';
import { HELD_SYNACK_SLACK, slackText } from '../../checker/tolerance.ts';
import { defineLab, type PlanInput, playing, type Step } from '../kit/lab.ts';
import { act, dropNft, nft, note, start, step, waitFor } from '../kit/plan.ts';
// The capture's judges, read as `segments.judgeThirdSegment(…)` where the plan uses them.
import * as segments from './capture-checks.ts';
import { dataAndCloseSteps, seen } from './close-steps.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
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
      t('hold.step', { port }),
      // Dropped in the output hook, the server's SYN/ACK never reaches the wire (nor tcpdump).
      nft(
        HOLD_TABLE,
        `chain hold_synack {
          type filter hook output priority 0;
          tcp sport ${port} tcp flags & (syn | ack) == (syn | ack) drop
        }`,
        t('hold.nftWhy'),
      ),
      start('server', { listening: true }),
    ),
    step(
      {
        title: t('held.step'),
        predict: {
          question: t('held.predict'),
          expectation: 'server-syn-recv',
          choices: ['LISTEN', 'SYN-SENT', 'SYN-RECV', 'ESTAB'],
        },
      },
      act(t('act.readLinear', { sysctl: LINEAR_TIMEOUTS }), async (ctx) => {
        const value = await ctx.readSysctl(LINEAR_TIMEOUTS);
        run.linear = value === null ? null : Number(value);
        run.runDir = ctx.runDir;
      }),
      start('client'),
      seen(t('seen.syn'), (all) => all.find((p) => isSyn(p) && p.dst.port === port)),
      // Timers only: how soon each is due depends on how many copies went already, which a slow
      // machine's late look can change; the capture judges the timing (synack-held-…).
      the.client.timer('client-syn-sent', 'SYN-SENT', {
        timer: 'on',
        text: t('held.clientSynSent'),
      }),
      the.server.timer('server-syn-recv', 'SYN-RECV', {
        timer: 'on',
        text: t('held.serverSynRecv'),
      }),
      act(t('act.releaseAt'), (ctx) => {
        run.releasedAtMs = ctx.elapsed();
      }),
      dropNft(HOLD_TABLE),
      note(t('note.released')),
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
    {
      title: t('hs.step'),
      predict: { question: t('hs.predict'), expectation: 'third-segment-ack-only', choices: ['SYN', 'SYN+ACK', 'ACK'] },
    },
    waitFor('client', /connected in/, 10_000),
    act(t('act.readConnect'), (ctx) => {
      run.connectMs = connectMs(ctx.proc('client').stdout);
    }),
    seen(t('seen.third'), (all) => segments.findHandshake(all, port)?.third),
    wire(
      'synack-held-then-retransmitted',
      (p) => segments.judgeHeldSynAck(p, held),
      t('hs.held', { slack: slackText(HELD_SYNACK_SLACK) }),
    ),
    wire('handshake-numbers', segments.judgeHandshakeNumbers, t('hs.numbers')),
    // What it asserts, for the prediction: the flags a kernel's third segment carries.
    { ...wire('third-segment-ack-only', segments.judgeThirdSegment, t('hs.third')), answer: 'ACK' },
    expectSynPrintedAbsolute(port, () => run.runDir),
    the.duration(
      'connect-waited-for-retransmission',
      "the client's connect()",
      () => run.connectMs,
      { minMs: connectAtLeastMs },
      {
        text: t('hs.connect', { ms: connectAtLeastMs }),
      },
    ),
    the.counter('syn-retransmissions-counted', 'TcpExtTCPSynRetrans', '>=', 1, {
      text: t('hs.synRetrans'),
    }),
    the.client.is('client-established', 'ESTAB'),
    the.server.is('server-established', 'ESTAB'),
  );
}

export default defineLab({
  id: 'handshake',
  get title() {
    return t('title');
  },
  topic: 'handshake',
  seed: '001',
  get summary() {
    return t('summary');
  },
  needs: { nft: true, tcpdump: true },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client'),
  },
  get interview() {
    return interviewQuestions();
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
