// The kit's vocabulary for plans: a step is a title and a list of actions, each of which
// says what it does (for `tcplabs show`) and does it (for the runner). Expectations are
// actions too. `act` is the escape hatch for what data cannot say.

import type { Expectation } from '../../checker/expect.ts';
import type { Packet } from '../../checker/packets.ts';
import type { Action, Condition, LabContext, Prediction, StartOptions, Step } from './lab.ts';
import { kitWords } from './words.ts';

export type StepItem = Action | Expectation;

export interface StepHead {
  title: string;
  when?: Condition;
  say?: string;
  predict?: Prediction;
  hints?: string[];
}

function isExpectation(item: StepItem): item is Expectation {
  return 'attempt' in item;
}

/** An expectation as an action: judged (retried until it holds or its time runs out). */
export function expect(expectation: Expectation): Action {
  return {
    kind: 'expect',
    describe: expectation.text,
    expectation,
    run: async (ctx) => {
      await ctx.expect(expectation);
    },
  };
}

/** A step: its title (or a head with teaching fields) and what it does, in order. */
export function step(head: string | StepHead, ...items: StepItem[]): Step {
  const fields = typeof head === 'string' ? { title: head } : head;
  return { ...fields, actions: items.map((item) => (isExpectation(item) ? expect(item) : item)) };
}

export interface StartSpec extends StartOptions {
  /** Wait until the program listens (on the lab's port, or this one)… */
  listening?: boolean | number;
  /** …or until it prints a line matching this. */
  until?: RegExp;
  timeoutMs?: number;
}

/** Start a role's program, and wait until it listens or prints what it should. */
export function start(role: string, spec: StartSpec = {}): Action {
  const port = typeof spec.listening === 'number' ? `:${spec.listening}` : kitWords('do.labPort');
  const describe = spec.listening
    ? kitWords('do.startListening', { role, port })
    : spec.until
      ? kitWords('do.startUntil', { role, pattern: String(spec.until) })
      : kitWords('do.start', { role });
  return {
    kind: 'start',
    describe,
    run: async (ctx) => {
      const proc = ctx.start(role, spec);
      if (spec.listening) {
        await ctx.waitListening(proc, typeof spec.listening === 'number' ? spec.listening : ctx.port, spec.timeoutMs);
      } else if (spec.until) await ctx.waitOutput(proc, spec.until, spec.timeoutMs);
    },
  };
}

/** Wait for a running program to print a line. */
export function waitFor(role: string, pattern: RegExp, timeoutMs?: number): Action {
  return {
    kind: 'wait',
    describe: kitWords('do.waitFor', { role, pattern: String(pattern) }),
    run: async (ctx) => {
      await ctx.waitOutput(ctx.proc(role), pattern, timeoutMs);
    },
  };
}

export function waitExit(role: string, timeoutMs?: number): Action {
  return {
    kind: 'wait',
    describe: kitWords('do.waitExit', { role }),
    run: (ctx) => ctx.waitExit(ctx.proc(role), timeoutMs),
  };
}

/** Wait until the capture shows `what` (e.g. "the second SYN"). */
export function waitCapture(what: string, ready: (packets: readonly Packet[]) => boolean, timeoutMs: number): Action {
  return {
    kind: 'wait',
    describe: kitWords('do.waitCapture', { what }),
    run: (ctx) => ctx.waitCapture(what, ready, timeoutMs),
  };
}

export function signal(role: string, name: NodeJS.Signals): Action {
  return {
    kind: 'signal',
    describe: kitWords('do.signal', { signal: name, role }),
    run: async (ctx) => ctx.proc(role).kill(name),
  };
}

/** Load nftables rules (a named table inside the sandbox). */
export function nft(name: string, ruleset: string, why?: string): Action {
  return {
    kind: 'nft',
    describe: why ? kitWords('do.nftWhy', { name, why }) : kitWords('do.nft', { name }),
    run: (ctx) => ctx.nft(name, ruleset),
  };
}

export function dropNft(name: string): Action {
  return { kind: 'nft', describe: kitWords('do.dropNft', { name }), run: (ctx) => ctx.dropNft(name) };
}

export function sysctl(name: string, value: string | number): Action {
  return { kind: 'sysctl', describe: `sysctl -w ${name}=${value}`, run: (ctx) => ctx.sysctl(name, value) };
}

/** Remember the counters, for expectations that count `since` this mark. */
export function mark(name: string): Action {
  return { kind: 'mark', describe: kitWords('do.mark', { name }), run: (ctx) => ctx.mark(name) };
}

export function note(text: string): Action {
  return { kind: 'note', describe: kitWords('do.note', { text }), run: async (ctx) => ctx.note(text) };
}

/** A teaching pause (pass it through `scale`, so fast mode shortens it). */
export function pause(ms: number): Action {
  return { kind: 'pause', describe: kitWords('do.pause', { ms }), run: (ctx) => ctx.pause(ms) };
}

/** Code for what the vocabulary cannot say; `describe` says what it does. */
export function act(describe: string, run: (ctx: LabContext) => Promise<void> | void): Action {
  return { kind: 'code', describe, run: async (ctx) => run(ctx) };
}

/** A step that runs only where this kernel has a sysctl. */
export function hasSysctl(name: string): Condition {
  return {
    text: kitWords('when.sysctl', { name }),
    holds: async (ctx) => (await ctx.readSysctl(name)) !== null,
  };
}

/** Every expectation of a plan, in order. */
export function planExpectations(steps: readonly Step[]): Expectation[] {
  return steps.flatMap((s) => s.actions.flatMap((a) => (a.expectation ? [a.expectation] : [])));
}
