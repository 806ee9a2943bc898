// One timeline from two witnesses. The wire (wire.ts) gives every change a segment caused, to
// the microsecond; the 20 Hz poll gives what the wire cannot see (request sockets, timers
// that end a socket without a segment) and is the referee: a wire change that a snapshot
// contradicts is set aside as a doubt, never shown as fact.

import type { Sighting } from './sampler.ts';
import { formatEndpoint, type SocketRow } from './socket.ts';
import { type Classify, connectionId, type Transition } from './timeline.ts';
import type { WireChange } from './wire.ts';

/** How far apart the capture's clock and the run's clock may be, in ms. */
export const CLOCK_SLACK_MS = 5;

export interface TimelineDoubt {
  transition: Transition;
  /** What the snapshot showed instead. */
  observed: string;
}

export interface Reconciled {
  timeline: Transition[];
  doubts: TimelineDoubt[];
}

export function wireTransition(change: WireChange, classify: Classify): Transition {
  const state = change.to === 'CLOSED' ? (change.from ?? 'ESTAB') : change.to;
  const row: SocketRow = { state, local: change.local, peer: change.peer, recvQ: 0, sendQ: 0 };
  return {
    tMs: Math.round(change.tMs * 1000) / 1000,
    conn: connectionId(row),
    role: classify(row),
    local: formatEndpoint(change.local),
    peer: formatEndpoint(change.peer),
    from: change.from,
    to: change.to,
    source: 'wire',
  };
}

/**
 * A side's key, `local>peer`. An IPv4 connection accepted by a dual-stack listener sits in
 * the IPv6 table as ::ffff:a.b.c.d, while the wire sees plain IPv4: both get one key.
 */
export function unmapped(side: string): string {
  return side.replace(/\[::ffff:(\d+\.\d+\.\d+\.\d+)\]/g, '$1');
}

export const sideOf = (t: Pick<Transition, 'local' | 'peer'>) => unmapped(`${t.local}>${t.peer}`);

/** The states the wire had a side in during [from, to]; empty when it knew nothing yet. */
function wireStates(changes: readonly Transition[], from: number, to: number): string[] {
  const before = changes.filter((c) => c.tMs <= from).at(-1);
  const during = changes.filter((c) => c.tMs > from && c.tMs <= to);
  // A change from X says the side was in X just before (a request socket's SYN-RECV).
  const left = during.flatMap((c) => (c.from ? [c.from] : []));
  return [...(before ? [before.to] : []), ...left, ...during.map((c) => c.to)];
}

/**
 * Each snapshot run's ends must show a state the wire had then, or the wire's change is
 * doubted. A state the wire enters a little after the snapshot is not a contradiction: the
 * kernel moves a socket at close(), and its FIN may leave later, behind queued data.
 */
function findDoubts(changes: readonly Transition[], sightings: readonly Sighting[]): TimelineDoubt[] {
  const doubts: TimelineDoubt[] = [];
  for (const sighting of sightings) {
    for (const [start, end] of [sighting.first, sighting.last]) {
      const states = wireStates(changes, start - CLOCK_SLACK_MS, end + CLOCK_SLACK_MS);
      if (states.length === 0 || states.includes(sighting.state)) continue;
      if (changes.find((c) => c.tMs > end + CLOCK_SLACK_MS)?.to === sighting.state) continue;
      const blamed = changes.filter((c) => c.tMs <= end + CLOCK_SLACK_MS).at(-1);
      if (blamed && !doubts.some((d) => d.transition === blamed)) {
        doubts.push({ transition: blamed, observed: `ss showed ${sighting.state} at ${Math.round(end)} ms` });
      }
    }
  }
  return doubts;
}

/**
 * A state the wire says a side held, which no snapshot read inside its span showed (a
 * TIME-WAIT the kernel never kept): doubted too. A state seen at least once may end without a
 * segment (a timer reaps an orphan, a killed program's SYN-SENT goes), so it is not doubted.
 */
function findAbsences(
  changes: readonly Transition[],
  sightings: readonly Sighting[],
  reads: ReadonlyArray<readonly [number, number]>,
): TimelineDoubt[] {
  const doubts: TimelineDoubt[] = [];
  changes.forEach((change, i) => {
    if (change.to === 'CLOSED' || change.local.startsWith('[')) return;
    const until = changes[i + 1]?.tMs ?? Number.POSITIVE_INFINITY;
    const inside = reads.filter(([a, b]) => a > change.tMs + CLOCK_SLACK_MS && b < until - CLOCK_SLACK_MS);
    const seen = sightings.some((s) => s.state === change.to && s.last[1] > change.tMs && s.first[0] < until);
    if (inside.length > 0 && !seen) {
      doubts.push({ transition: change, observed: `ss never listed it as ${change.to} (${inside.length} snapshots)` });
    }
  });
  return doubts;
}

/**
 * A poll transition the wire already tells: the wire had the side in that state at some point
 * while the snapshot was being read (a read of the table takes a few ms, and the two clocks
 * may be a few ms apart).
 */
export function explained(poll: Transition, changes: readonly Transition[]): boolean {
  const states = wireStates(changes, poll.tMs - 2 * CLOCK_SLACK_MS, poll.tMs + CLOCK_SLACK_MS);
  return states.includes(poll.to);
}

export function reconcile(
  wire: readonly WireChange[],
  poll: readonly Transition[],
  sightings: ReadonlyMap<string, readonly Sighting[]>,
  classify: Classify,
  reads: ReadonlyArray<readonly [number, number]> = [],
): Reconciled {
  const bySide = new Map<string, Transition[]>();
  for (const t of wire.map((change) => wireTransition(change, classify))) {
    bySide.set(sideOf(t), [...(bySide.get(sideOf(t)) ?? []), t]);
  }
  const seenBy = new Map<string, Sighting[]>();
  for (const [side, runs] of sightings) seenBy.set(unmapped(side), [...(seenBy.get(unmapped(side)) ?? []), ...runs]);
  const doubts: TimelineDoubt[] = [];
  for (const [side, changes] of bySide) {
    const seen = seenBy.get(side) ?? [];
    const found = [...findDoubts(changes, seen), ...findAbsences(changes, seen, reads)];
    doubts.push(...found);
    bySide.set(
      side,
      changes.filter((c) => !found.some((d) => d.transition === c)),
    );
  }
  const fromPoll = poll
    .filter((t) => !explained(t, bySide.get(sideOf(t)) ?? []))
    .map((t) => ({ ...t, source: 'poll' as const }));
  const timeline = [...[...bySide.values()].flat(), ...fromPoll].sort((a, b) => a.tMs - b.tMs);
  return { timeline, doubts };
}
