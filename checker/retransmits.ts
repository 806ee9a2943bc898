// A retransmission timer, read two ways at once. tcpdump sees each copy of a segment leave;
// `ss -o` shows the timer that sends them and how many copies it has sent so far
// (`timer:(on,1.2sec,1)`). The timer labs wait for the Nth copy on the wire, then ask ss for
// that count, judge the copies' gaps and the moment the kernel gives up. syn-retries and
// synack-retries did this with copied code; it lives here once, for any segments a function
// of the capture picks out (a client's SYNs, a server's SYN/ACKs, keepalive probes).

import type { Expectation, Op } from './expect.ts';
import { expectTimer, type TimerSpec } from './expect-timer.ts';
import type { Packet } from './packets.ts';
import { expectSchedule } from './schedule.ts';
import type { TcpState } from './socket.ts';
import { RETRANSMIT_SLACK, type Slack, slackText } from './tolerance.ts';

/** Picks the copies out of everything captured so far (called afresh as the capture grows). */
export type Segments = (packets: readonly Packet[]) => readonly Packet[];

/**
 * How the plan waits until the capture shows something: the kit's `waitCapture` action,
 * handed in by the lab (checker/ judges; it does not depend on the kit that plays).
 */
export type WaitCapture<Wait> = (
  what: string,
  ready: (packets: readonly Packet[]) => boolean,
  timeoutMs: number,
) => Wait;

export interface RetransmitSpec<Wait> {
  /** What one copy is called: "SYN", "SYN/ACK", "probe". */
  label: string;
  segments: Segments;
  /** The socket whose timer sends the copies, as `ss -o` lists it. */
  side: TimerSpec['side'];
  port: number;
  state: TcpState;
  /** The timer's name in `ss -o` (default `on`, the retransmission timer). */
  timer?: string;
  /** The tcpdump command that shows the copies by hand. */
  command: readonly string[];
  /** How far each gap may stray (default RETRANSMIT_SLACK). */
  slack?: Slack;
  /** Copies of one segment carry one sequence number (default true; probes: false). */
  sameSeq?: boolean;
  wait: WaitCapture<Wait>;
}

export interface AfterCopy {
  /** How long the nth copy may take to show up in the capture. */
  waitMs: number;
  text: string;
  /** The timer's third number (default `== n − 1`: every copy after the first is a retransmission). */
  count?: readonly [Op, number];
  minMs?: number;
  maxMs?: number;
  which?: TimerSpec['which'];
  within?: number;
}

export interface Retransmits<Wait> {
  /** Wait until tcpdump has seen the nth copy ("SYN #2"), then judge what `ss -o` shows. */
  afterCopy(id: string, n: number, check: AfterCopy): [Wait, Expectation];
  /** The copies' count and gaps, each gap within the slack. */
  schedule(id: string, gapsMs: readonly number[], text: string, within?: number): Expectation;
  /** "each gap −50/+250 ms", for the schedule's text. */
  readonly tolerance: string;
}

export function retransmits<Wait>(spec: RetransmitSpec<Wait>): Retransmits<Wait> {
  const slack = spec.slack ?? RETRANSMIT_SLACK;
  return {
    afterCopy: (id, n, { waitMs, ...check }) => [
      spec.wait(`${spec.label} #${n}`, (packets) => spec.segments(packets).length >= n, waitMs),
      expectTimer({
        id,
        side: spec.side,
        port: spec.port,
        state: spec.state,
        timer: spec.timer ?? 'on',
        ...check,
        count: check.count ?? ['==', n - 1],
      }),
    ],
    schedule: (id, gapsMs, text, within) => {
      // expectSchedule reads its segments without an env; hand it the capture each attempt sees.
      let packets: readonly Packet[] = [];
      const judged = expectSchedule({
        id,
        text,
        command: spec.command,
        label: `${spec.label}s`,
        segments: () => spec.segments(packets),
        gapsMs,
        slack,
        sameSeq: spec.sameSeq ?? true,
        within,
      });
      return {
        ...judged,
        attempt: (env) => {
          packets = env.packets();
          return judged.attempt(env);
        },
      };
    },
    tolerance: `each gap ${slackText(slack)}`,
  };
}

/**
 * When a kernel gives up after its last timer: no sooner than 100 ms before the nominal time
 * (the timers' own jitter), up to 1 s after (the last, longest timer may fire late on a
 * loaded machine).
 */
export const GIVE_UP_SLACK: Slack = { earlyMs: 100, lateMs: 1000 };

export interface Window {
  minMs: number;
  maxMs: number;
}

/** The window around a nominal give-up time: 7000 → 6900–8000 ms. */
export function giveUpWindow(nominalMs: number): Window {
  return { minMs: nominalMs - GIVE_UP_SLACK.earlyMs, maxMs: nominalMs + GIVE_UP_SLACK.lateMs };
}

/** "6.9–8 s", as a text prints a window. */
export function windowText(window: Window): string {
  return `${window.minMs / 1000}–${window.maxMs / 1000} s`;
}
