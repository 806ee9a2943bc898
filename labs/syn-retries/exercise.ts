// The exercise: a client with its own connect timeout. With the kernel's default
// tcp_syn_retries=6 a connect() to a black hole waits 127 s (131 s with linear timeouts);
// the learner's client must give up within CONNECT_DEADLINE_MS on its own, and must not let
// that timer kill a connection that did succeed.

import { isSyn, type Packet } from '../../checker/packets.ts';
import { synGiveUp } from '../../checker/syn-give-up.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { act, mark, nft, pause, signal, start, step, sysctl, waitCapture, waitExit } from '../kit/plan.ts';

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
    text: `within ${(CONNECT_DEADLINE_MS + 1000) / 1000} s of its SYN, your client has no socket left in SYN-SENT`,
    hint: `your client was still in SYN-SENT ${(CONNECT_DEADLINE_MS + 1000) / 1000} s after its SYN: it waits for the kernel, which gives up only after ${synGiveUp(DEFAULT_SYN_RETRIES).gaveUpAtS} s (${synGiveUp(DEFAULT_SYN_RETRIES, 4).gaveUpAtS} s with tcp_syn_linear_timeouts=4); start a timer when you call connect() and destroy() the socket when it fires`,
  });
  return [
    step(
      `the kernel's default tcp_syn_retries=${DEFAULT_SYN_RETRIES}; a healthy server listens on :${port}`,
      sysctl('net.ipv4.tcp_syn_retries', DEFAULT_SYN_RETRIES),
      start('server', { listening: true }),
    ),
    step(
      'your client connects to the healthy server, and stays connected while idle',
      start('client', { until: /connected/ }),
      pause(IDLE_AFTER_CONNECT_MS),
      the.client.is('still-connected-when-idle', 'ESTAB', {
        within: 0,
        text: `${IDLE_AFTER_CONNECT_MS / 1000} s after connecting, idle, your client is still ESTAB: its timeout ended with connect()`,
        hint: 'your client closed a connection that had succeeded: clear the connect timer in the connect callback (socket.setTimeout and AbortSignal.timeout go on counting after connect())',
      }),
      signal('client', 'SIGTERM'),
      waitExit('client'),
    ),
    step(
      `a firewall drops every SYN to :${port}; your client must give up within ${CONNECT_DEADLINE_MS / 1000} s`,
      nft(
        'drop_syns',
        `chain drop_syns {
          type filter hook input priority 0;
          tcp dport ${port} tcp flags & (syn | ack) == syn drop
        }`,
      ),
      mark('black-hole'),
      act('note where the capture stands (the first connection is in it too)', (ctx) => {
        capturedBefore = ctx.capture.packets.length;
      }),
      start('client'),
      waitCapture('the SYN of your client', (packets) => newSyn(packets) !== undefined, 5000),
      act('note when that SYN left', (ctx) => {
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
      act('time it: the SYN → no SYN-SENT left', (ctx) => {
        // The expectation polls ss; put the moment it saw the socket gone on the run's clock.
        goneAtMs = goneWallMs === null ? null : ctx.elapsed() - (Date.now() - goneWallMs);
      }),
      {
        ...the.duration(
          'gave-up-within-deadline',
          'your SYN → your client gave up',
          () => (firstSynAtMs === null || goneAtMs === null ? null : goneAtMs - firstSynAtMs),
          { maxMs: CONNECT_DEADLINE_MS },
          { text: `your client gave up within ${CONNECT_DEADLINE_MS / 1000} s of its SYN (read by polling ss)` },
        ),
        // Only the side builders carry a wording's hint; a duration's is set here.
        hint: `your client gave up, but later than ${CONNECT_DEADLINE_MS / 1000} s: shorten its connect timeout`,
      },
      {
        ...the.counter('kernel-did-not-give-up', 'TcpExtTCPAbortOnTimeout', '==', 0, {
          since: 'black-hole',
          within: 0,
          text: 'TcpExtTCPAbortOnTimeout did not move: your program gave up, not the kernel',
        }),
        hint: 'the kernel aborted the connection on its own timer: that only happens when tcp_syn_retries runs out; give up in your program instead',
      },
    ),
  ];
}

export const connectTimeoutExercise: Exercise = {
  id: 'connect-timeout',
  role: 'client',
  goal: `give up on a server that never answers within ${CONNECT_DEADLINE_MS / 1000} s, without cutting a connection that succeeded`,
  hints: [
    'Start a timer (setTimeout) right after net.connect(); in it, call socket.destroy() and report the timeout.',
    "Clear that timer in the 'connect' callback: an idle, working connection must stay open.",
    'socket.setTimeout(ms) is an idle timer that keeps running after connect(); AbortSignal.timeout(ms) passed as signal aborts the socket even once connected.',
    `Read the port from process.env.PORT and connect to 127.0.0.1; print a line with "connected" once connected.`,
  ],
  starter: 'exercise/connect-timeout-starter.ts',
  solution: 'exercise/connect-timeout-solution.ts',
  why: 'Exercise: a client with its own connect timeout',
  plan: connectTimeoutPlan,
};
