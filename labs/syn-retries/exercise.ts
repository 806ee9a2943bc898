// The exercise: a client with its own connect timeout. With the kernel's default
// tcp_syn_retries=6 a connect() to a black hole waits 127 s (131 s with linear timeouts);
// the learner's client must give up within CONNECT_DEADLINE_MS on its own, and must not let
// that timer kill a connection that did succeed.

import { isSyn, type Packet } from '../../checker/packets.ts';
import { synGiveUp } from '../../checker/syn-give-up.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { act, mark, nft, pause, signal, start, step, sysctl, waitCapture, waitExit } from '../kit/plan.ts';
import { t } from './messages.ts';

/** The learner's client must have given up this long after its SYN. */
export const CONNECT_DEADLINE_MS = 3000;
/** Linux's default tcp_syn_retries: what a client without its own timeout waits for. */
const DEFAULT_SYN_RETRIES = 6;
/** Longer than any connect timeout that passes: a timer still armed after connect() fires in it. */
const IDLE_AFTER_CONNECT_MS = CONNECT_DEADLINE_MS + 500;

function connectTimeoutPlan({ port, the }: PlanInput): Step[] {
  let capturedBefore = 0;
  const newSyn = (packets: readonly Packet[]) =>
    packets.slice(capturedBefore).find((p) => isSyn(p) && p.dst.port === port);
  let firstSynAtMs: number | null = null;
  /** Wall-clock time the poll first found no SYN-SENT socket, then its run time. */
  let goneWallMs: number | null = null;
  let goneAtMs: number | null = null;
  const gone = the.client.count('client-gave-up', 'SYN-SENT', '==', 0, {
    within: CONNECT_DEADLINE_MS + 1000,
    text: t('ex.gone', { s: (CONNECT_DEADLINE_MS + 1000) / 1000 }),
    hint: t('ex.goneHint', {
      s: (CONNECT_DEADLINE_MS + 1000) / 1000,
      kernel: synGiveUp(DEFAULT_SYN_RETRIES).gaveUpAtS,
      linear: synGiveUp(DEFAULT_SYN_RETRIES, 4).gaveUpAtS,
    }),
  });
  return [
    step(
      t('ex.step.healthy', { n: DEFAULT_SYN_RETRIES, port }),
      sysctl('net.ipv4.tcp_syn_retries', DEFAULT_SYN_RETRIES),
      start('server', { listening: true }),
    ),
    step(
      t('ex.step.idle'),
      start('client', { until: /connected/ }),
      pause(IDLE_AFTER_CONNECT_MS),
      the.client.is('still-connected-when-idle', 'ESTAB', {
        within: 0,
        text: t('ex.stillConnected', { s: IDLE_AFTER_CONNECT_MS / 1000 }),
        hint: t('ex.stillConnectedHint'),
      }),
      signal('client', 'SIGTERM'),
      waitExit('client'),
    ),
    step(
      t('ex.step.blackHole', { port, s: CONNECT_DEADLINE_MS / 1000 }),
      nft(
        'drop_syns',
        `chain drop_syns {
          type filter hook input priority 0;
          tcp dport ${port} tcp flags & (syn | ack) == syn drop
        }`,
      ),
      mark('black-hole'),
      act(t('ex.act.capture'), (ctx) => {
        capturedBefore = ctx.capture.packets.length;
      }),
      start('client'),
      waitCapture(t('ex.wait.syn'), (packets) => newSyn(packets) !== undefined, 5000),
      act(t('ex.act.synLeft'), (ctx) => {
        firstSynAtMs = newSyn(ctx.capture.packets)?.tMs ?? null;
      }),
      {
        ...gone,
        attempt: async (env) => {
          const attempt = await gone.attempt(env);
          if (attempt.ok && goneWallMs === null) goneWallMs = Date.now();
          return attempt;
        },
      },
      act(t('ex.act.time'), (ctx) => {
        // The expectation polls ss; put the moment it saw the socket gone on the run's clock.
        goneAtMs = goneWallMs === null ? null : ctx.elapsed() - (Date.now() - goneWallMs);
      }),
      {
        ...the.duration(
          'gave-up-within-deadline',
          'your SYN → your client gave up',
          () => (firstSynAtMs === null || goneAtMs === null ? null : goneAtMs - firstSynAtMs),
          { maxMs: CONNECT_DEADLINE_MS },
          { text: t('ex.withinDeadline', { s: CONNECT_DEADLINE_MS / 1000 }) },
        ),
        // Only the side builders carry a wording's hint; a duration's is set here.
        hint: t('ex.withinDeadlineHint', { s: CONNECT_DEADLINE_MS / 1000 }),
      },
      {
        ...the.counter('kernel-did-not-give-up', 'TcpExtTCPAbortOnTimeout', '==', 0, {
          since: 'black-hole',
          within: 0,
          text: t('ex.kernelDidNot'),
        }),
        hint: t('ex.kernelDidNotHint'),
      },
    ),
  ];
}

export const connectTimeoutExercise: Exercise = {
  id: 'connect-timeout',
  role: 'client',
  // Getters: the words follow the language (the TUI's L) without loading the lab again.
  get goal() {
    return t('ex.goal', { s: CONNECT_DEADLINE_MS / 1000 });
  },
  get hints() {
    return [t('ex.hint.timer'), t('ex.hint.clear'), t('ex.hint.shortcuts'), t('ex.hint.port')];
  },
  starter: 'exercise/connect-timeout-starter.ts',
  solution: 'exercise/connect-timeout-solution.ts',
  get why() {
    return t('ex.why');
  },
  plan: connectTimeoutPlan,
};
