// The timeline as the run happens, for the screen and the live text report: each change the
// wire implies as soon as it is certain, and each change the poll saw that the wire does not
// already tell. A poll change waits a moment first, because the segment that explains it may
// still be in tcpdump's pipe. The report's timeline is reconcile.ts's, made once at the end.

import type { Packet } from './packets.ts';
import { explained, sideOf, wireTransition } from './reconcile.ts';
import type { Classify, Transition } from './timeline.ts';
import { WireMachine } from './wire.ts';

/** How long a poll change waits for the segment that would explain it, in ms. */
export const POLL_HOLD_MS = 150;

export class LiveTimeline {
  private readonly wireBySide = new Map<string, Transition[]>();
  private held: Transition[] = [];
  readonly machine: WireMachine;

  constructor(
    classify: Classify,
    private readonly emit: (transition: Transition) => void,
  ) {
    this.machine = new WireMachine((change) => {
      const transition = wireTransition(change, classify);
      const side = sideOf(transition);
      this.wireBySide.set(side, [...(this.wireBySide.get(side) ?? []), transition]);
      emit(transition);
    });
  }

  packet(packet: Packet, delivered: boolean): void {
    this.machine.read(packet, delivered);
  }

  /** New poll changes; those older than the hold are decided now. */
  poll(transitions: readonly Transition[], nowMs: number): void {
    this.held.push(...transitions);
    this.flush(nowMs);
  }

  flush(nowMs = Number.POSITIVE_INFINITY): void {
    const due = this.held.filter((t) => t.tMs <= nowMs - POLL_HOLD_MS);
    if (due.length === 0) return;
    this.held = this.held.filter((t) => t.tMs > nowMs - POLL_HOLD_MS);
    for (const t of due) {
      if (!explained(t, this.wireBySide.get(sideOf(t)) ?? [])) this.emit({ ...t, source: 'poll' });
    }
  }
}
