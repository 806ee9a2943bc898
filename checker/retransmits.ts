// A retransmission timer, read two ways at once. tcpdump sees each copy of a segment leave;
// `ss -o` shows the timer that sends them and how many copies it has sent so far
// (`timer:(on,1.2sec,1)`). The timer labs wait for the Nth copy on the wire, then ask ss for
// that count, judge the copies' gaps and the moment the kernel gives up. syn-retries and
// synack-retries did this with copied code; it lives here once, for any segments a function
// of the capture picks out (a client's SYNs, a server's SYN/ACKs, keepalive probes).

import { defineMessages, translator } from '../i18n/catalog.ts';
import { type Expectation, lastSeen, type Op, sideRows, ssSideArgs } from './expect.ts';
import { describeTimedRow, expectTimer, type TimerSpec } from './expect-timer.ts';
import type { Packet } from './packets.ts';
import { expectSchedule } from './schedule.ts';
import type { TcpState } from './socket.ts';
import { RETRANSMIT_SLACK, type Slack, slackText } from './tolerance.ts';

/** The words this file adds to a timer lab's texts, in both languages. */
export const retransmitMessages = defineMessages({
  en: {
    orLater: "{text} (or, looked at later, the count of copies on the wire by then, due within that copy's wait)",
    copy: '{label} #{n}',
    tolerance: 'each gap {slack}',
    window: '{min}–{max} s',
  },
  zh: {
    orLater: '{text}（若 ss 看得晚，就按那时线上的副本数及其等待时间来判断）',
    copy: '第 {n} 个 {label}',
    tolerance: '每个间隔 {slack}',
    window: '{min}–{max} 秒',
  },
});

const words = translator(retransmitMessages);

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
  /**
   * The kernel's waits, in ms: after the first copy, after the second, … (the last one ends in
   * the give-up). With it, a look at `ss` that comes late (a slow machine) is judged for what
   * it sees, not failed for coming late: `ss -o`'s count must match the copies on the wire by
   * then, and the time left must fit that copy's wait.
   */
  waitsMs?: readonly number[];
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
  /** A prediction's answer, when it is not the state (e.g. the count of retransmissions). */
  answer?: string;
}

export interface Retransmits<Wait> {
  /** Wait until tcpdump has seen the nth copy ("SYN #2"), then judge what `ss -o` shows. */
  afterCopy(id: string, n: number, check: AfterCopy): [Wait, Expectation];
  /** The copies' count and gaps, each gap within the slack. */
  schedule(id: string, gapsMs: readonly number[], text: string, within?: number): Expectation;
  /** "each gap −50/+250 ms", for the schedule's text. */
  readonly tolerance: string;
}

/**
 * After the nth copy, `ss -o` shows the timer that sends them: its third number k counts the
 * copies resent so far, and the wire holds k + 1 of them (k + 2 if one left between the two
 * looks); it is due within the wait after copy k + 1. k < n − 1 cannot be: copy n was seen.
 */
function timerMatchesWire<Wait>(
  spec: RetransmitSpec<Wait>,
  waits: readonly number[],
  id: string,
  n: number,
  check: Omit<AfterCopy, 'waitMs'>,
): Expectation {
  const command = ssSideArgs(spec.side, spec.port, [spec.state]);
  const name = spec.timer ?? 'on';
  return {
    id,
    answer: check.answer ?? spec.state,
    text: words('orLater', { text: check.text }),
    command,
    within: check.within ?? 1000,
    async attempt(env) {
      const rows = sideRows(await env.ss(command, spec.state), spec.side, spec.port);
      const copies = spec.segments(env.packets());
      const first = copies[0];
      // The socket whose timer sends the copies: its own end is where they leave from.
      const row = rows.find(
        (r) => r.state === spec.state && first && r.local.port === first.src.port && r.peer.port === first.dst.port,
      );
      if (!row) return { ok: false, observed: lastSeen(env, spec.side, spec.port) };
      const observed = `${describeTimedRow(row)}; ${copies.length} ${spec.label} copies on the wire`;
      const timer = row.timer;
      if (timer?.name !== name) return { ok: false, observed };
      const k = timer.retrans;
      const wait = waits[k];
      const ok =
        k >= n - 1 &&
        (copies.length === k + 1 || copies.length === k + 2) &&
        wait !== undefined &&
        timer.expiresMs <= wait &&
        (check.minMs === undefined || timer.expiresMs >= check.minMs);
      return { ok, observed };
    },
  };
}

export function retransmits<Wait>(spec: RetransmitSpec<Wait>): Retransmits<Wait> {
  const slack = spec.slack ?? RETRANSMIT_SLACK;
  const judge = (id: string, n: number, check: Omit<AfterCopy, 'waitMs'>): Expectation =>
    spec.waitsMs && check.count === undefined
      ? timerMatchesWire(spec, spec.waitsMs, id, n, check)
      : {
          ...expectTimer({
            id,
            side: spec.side,
            port: spec.port,
            state: spec.state,
            timer: spec.timer ?? 'on',
            ...check,
            count: check.count ?? ['==', n - 1],
          }),
          ...(check.answer ? { answer: check.answer } : {}),
        };
  return {
    afterCopy: (id, n, { waitMs, ...check }) => [
      spec.wait(words('copy', { label: spec.label, n }), (packets) => spec.segments(packets).length >= n, waitMs),
      judge(id, n, check),
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
    get tolerance() {
      return words('tolerance', { slack: slackText(slack) });
    },
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
  return words('window', { min: window.minMs / 1000, max: window.maxMs / 1000 });
}
