// Expectation builders bound to one lab: the port and the side are filled in, and every
// builder has a default text, so a plan writes words only where they teach.
//   the.server.is('server-close-wait', 'CLOSE-WAIT')
//   the.client.timer('syn-sent-after-first-retry', 'SYN-SENT', { timer: 'on', count: ['==', 1] })
//   the.counter('overflows', 'TcpExtListenOverflows', '>=', 1)

import {
  type DurationSpec,
  type Expectation,
  expectCount,
  expectCounter,
  expectDuration,
  expectListenerQueue,
  expectOutput,
  expectState,
  type Op,
} from '../../checker/expect.ts';
import { expectTimer, type TimerSpec } from '../../checker/expect-timer.ts';
import { expectSchedule, type ScheduleSpec } from '../../checker/schedule.ts';
import type { TcpState } from '../../checker/socket.ts';

export interface Wording {
  /** Keep retrying this long, in ms (0: judge once). */
  within?: number;
  /** The words a learner reads; a default is made from the arguments. */
  text?: string;
  /** Another port than the lab's (a second server). */
  port?: number;
  /** For exercises: what to tell a learner whose program made this fail. */
  hint?: string;
  /** The answer to a prediction about this, when the default (the state, the number) is not it. */
  answer?: string;
}

export type TimerWording = Omit<TimerSpec, 'id' | 'side' | 'port' | 'state'> & Wording;

export interface SideExpectations {
  /** The side has a socket in this state (or in one of these). */
  is(id: string, state: TcpState | readonly TcpState[], wording?: Wording): Expectation;
  /** How many of the side's sockets are in a state: `count('none-left', 'CLOSE-WAIT', '==', 0)`. */
  count(id: string, state: TcpState, op: Op, n: number, wording?: Wording): Expectation;
  /** What `ss -o` shows of a socket's timer: its name, its range, its third number. */
  timer(id: string, state: TcpState, spec: TimerWording): Expectation;
}

export interface QueueLimits {
  recvQ?: readonly [Op, number];
  sendQ?: readonly [Op, number];
}

export interface Bound {
  readonly port: number;
  readonly server: SideExpectations;
  readonly client: SideExpectations;
  readonly listener: { queue(id: string, limits: QueueLimits, wording?: Wording): Expectation };
  /** A kernel counter's growth since the run began, or since a mark. */
  counter(id: string, name: string, op: Op, n: number, wording?: Wording & { since?: string }): Expectation;
  /** A program printed what only it can know (an error it got, bytes it read). */
  output(id: string, role: string, pattern: RegExp, wording?: Wording): Expectation;
  /** A measured time against bounds (the bounds already hold their tolerance). */
  duration(id: string, label: string, measure: DurationSpec['measure'], bounds: Bounds, wording?: Wording): Expectation;
  readonly wire: {
    /** A timer's schedule read off the capture: the count and every gap. */
    schedule(id: string, spec: Omit<ScheduleSpec, 'id'>): Expectation;
  };
}

export interface Bounds {
  minMs?: number;
  maxMs?: number;
}

/** An exercise's hint, and a prediction's answer, ride on the expectation they belong to. */
function hinted(expectation: Expectation, wording: { hint?: string; answer?: string }): Expectation {
  const { hint, answer } = wording;
  return hint || answer ? { ...expectation, ...(hint ? { hint } : {}), ...(answer ? { answer } : {}) } : expectation;
}

function sideExpectations(side: 'server' | 'client', labPort: number): SideExpectations {
  return {
    is: (id, state, wording = {}) =>
      hinted(expectState({ id, side, state, ...wording, port: wording.port ?? labPort }), wording),
    count: (id, state, op, n, wording = {}) =>
      hinted(expectCount({ id, side, state, op, n, ...wording, port: wording.port ?? labPort }), wording),
    timer: (id, state, spec) => hinted(expectTimer({ id, side, state, ...spec, port: spec.port ?? labPort }), spec),
  };
}

export function bindExpectations(port: number): Bound {
  return {
    port,
    server: sideExpectations('server', port),
    client: sideExpectations('client', port),
    listener: {
      queue: (id, limits, wording = {}) =>
        hinted(expectListenerQueue({ id, ...limits, ...wording, port: wording.port ?? port }), wording),
    },
    counter: (id, name, op, n, wording = {}) => hinted(expectCounter({ id, name, op, n, ...wording }), wording),
    output: (id, role, pattern, wording = {}) => hinted(expectOutput({ id, role, pattern, ...wording }), wording),
    duration: (id, label, measure, bounds, wording = {}) =>
      hinted(expectDuration({ id, label, measure, ...bounds, ...wording }), wording),
    wire: { schedule: (id, spec) => expectSchedule({ id, ...spec }) },
  };
}
