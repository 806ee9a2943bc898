// A client's SYNs as the plan judges them: its copies on the wire, its SYN-SENT timer, and
// what its connect() left once the kernel gave up. What the kernel should do is computed by
// checker/syn-give-up.ts (the audit and the lesson use the same function), never written here.

import type { Expectation } from '../../checker/expect.ts';
import { isSyn, tcpdumpCommand } from '../../checker/packets.ts';
import { giveUpWindow, type Retransmits, retransmits, windowText } from '../../checker/retransmits.ts';
import { type SynGiveUp, synGiveUp } from '../../checker/syn-give-up.ts';
import type { Bound } from '../kit/bound.ts';
import type { Action } from '../kit/lab.ts';
import { act, type StepItem, waitCapture, waitFor } from '../kit/plan.ts';
import { t } from './messages.ts';

/** What the kernel will do for these sysctls: each SYN's time, the gaps, the give-up. */
export interface Schedule extends SynGiveUp {
  gapsMs: number[];
  /** How long the timer runs after the nth copy (1-based): the next gap, or the give-up. */
  waitAfterMs(n: number): number;
  window: { minMs: number; maxMs: number };
  /** "6.9–8 s" */
  windowText: string;
}

export function scheduleOf(retries: number, linearTimeouts: number): Schedule {
  const kernel = synGiveUp(retries, linearTimeouts);
  const atMs = kernel.sentAtS.map((s) => s * 1000);
  const window = giveUpWindow(kernel.gaveUpAtS * 1000);
  return {
    ...kernel,
    gapsMs: atMs.slice(1).map((ms, i) => ms - (atMs[i] as number)),
    waitAfterMs: (n) => (atMs[n] ?? kernel.gaveUpAtS * 1000) - (atMs[n - 1] as number),
    window,
    // A getter: the text follows the language, though the schedule is computed once.
    get windowText() {
      return windowText(window);
    },
  };
}

/**
 * The SYNs of the nth client to dial `port` (its copies on the wire, and its SYN-SENT timer),
 * on this schedule: a late look at ss is judged by the wait after whichever copy it finds.
 */
export function synsOf(port: number, nth: number, schedule: Schedule): Retransmits<Action> {
  return retransmits({
    label: 'SYN',
    segments: (packets) => {
      const syns = packets.filter((p) => isSyn(p) && p.dst.port === port);
      const clientPort = [...new Set(syns.map((p) => p.src.port))][nth];
      return syns.filter((p) => p.src.port === clientPort);
    },
    side: 'client',
    port,
    state: 'SYN-SENT',
    command: tcpdumpCommand(`tcp dst port ${port} and tcp[tcpflags] == tcp-syn`),
    waitsMs: schedule.sentAtS.map((_, i) => schedule.waitAfterMs(i + 1)),
    wait: waitCapture,
  });
}

/** An expectation's id, and the words a learner reads. */
export type Said = readonly [id: string, text: string];

/**
 * One client's give-up: the role, how long its connect() may still take once the plan waits
 * for it, and what is said; a client whose SYNs the capture holds also has its schedule and
 * counter judged (`syns`, `since`).
 */
export interface GiveUp {
  role: string;
  schedule: Schedule;
  waitMs: number;
  etimedout: Said;
  gaveUp: Said;
  wire?: {
    syns: Retransmits<Action>;
    since: string;
    schedule: Said;
    counter: Said;
    /** SYNs other clients resent since the same mark (the counter is the namespace's). */
    othersResent?: number;
  };
}

/** What a client's connect() left once its kernel gave up: ETIMEDOUT, when, the SYNs, the counter. */
export function gaveUp(the: Bound, { role, schedule, waitMs, wire, ...said }: GiveUp): StepItem[] {
  let tookMs: number | null = null;
  const items: (StepItem | Expectation)[] = [
    waitFor(role, /failed after|connected after/, waitMs),
    act(t('act.readTook', { role }), (ctx) => {
      const line = ctx.proc(role).stdout.find((text) => /failed after \d+ ms/.test(text));
      tookMs = line ? Number(/failed after (\d+) ms/.exec(line)?.[1]) : null;
    }),
    the.output(said.etimedout[0], role, /connect\(\) failed after \d+ ms: ETIMEDOUT/, { text: said.etimedout[1] }),
    the.duration(said.gaveUp[0], "the client's connect()", () => tookMs, schedule.window, { text: said.gaveUp[1] }),
  ];
  if (wire) {
    items.push(
      wire.syns.schedule(wire.schedule[0], schedule.gapsMs, wire.schedule[1]),
      the.counter(wire.counter[0], 'TcpExtTCPSynRetrans', '==', schedule.gapsMs.length + (wire.othersResent ?? 0), {
        since: wire.since,
        within: 0,
        text: wire.counter[1],
      }),
    );
  }
  return items;
}
