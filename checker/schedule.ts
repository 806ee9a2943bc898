// A timer's schedule, read off the wire: when each copy of a segment left (a SYN, a SYN/ACK,
// a keepalive probe) and how far apart the copies were. tcpdump stamps each segment with
// the kernel's clock as it leaves, so the gaps are the kernel timer's, not our polling's.
// The timer labs (syn-retries, synack-retries, keepalive) judge their schedules with it.

import type { Expectation, ObserveEnv } from './expect.ts';
import type { Packet } from './packets.ts';
import type { Slack } from './tolerance.ts';

/** The gaps between consecutive segments, in ms. */
export function gapsMs(segments: readonly Packet[]): number[] {
  return segments.slice(1).map((segment, i) => segment.tMs - (segments[i] as Packet).tMs);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

/** `+0.000 s, +1.021 s, +3.040 s`: each segment's time after the first one. */
export function describeTimes(segments: readonly Packet[]): string {
  const first = segments[0];
  if (!first) return 'none';
  return segments.map((segment) => `+${seconds(segment.tMs - first.tMs)}`).join(', ');
}

export interface ScheduleSpec {
  id: string;
  text: string;
  /** The tcpdump command that shows the same segments by hand. */
  command: readonly string[];
  /** What the segments are, for the observation ("SYNs", "probes"). */
  label: string;
  /** The segments to judge, read afresh at every attempt (the capture grows). */
  segments: (env: ObserveEnv) => readonly Packet[];
  /** The gaps the kernel's timer should leave between them, in ms. */
  gapsMs: readonly number[];
  /** How far each gap may stray (checker/tolerance.ts). */
  slack: Slack;
  /** Every copy must carry the same sequence number (retransmissions of one segment). */
  sameSeq?: boolean;
  within?: number;
}

/** "SYNs left at +0, +1, +3 s": the count and every gap, each within its tolerance. */
export function expectSchedule(spec: ScheduleSpec): Expectation {
  return {
    id: spec.id,
    text: spec.text,
    command: spec.command,
    within: spec.within ?? 1000,
    async attempt(env) {
      const segments = spec.segments(env);
      const gaps = gapsMs(segments);
      const seqs = [...new Set(segments.map((segment) => segment.seq))];
      const parts = [`${segments.length} ${spec.label} at ${describeTimes(segments)}`];
      if (gaps.length > 0) parts.push(`gaps ${gaps.map(seconds).join(', ')}`);
      if (spec.sameSeq && segments.length > 0) {
        parts.push(seqs.length === 1 ? `all seq ${seqs[0]}` : `seqs ${seqs.join(', ')}`);
      }
      const observed = parts.join('; ');
      if (gaps.length !== spec.gapsMs.length) return { ok: false, observed };
      const inTime = gaps.every((gap, i) => {
        const nominal = spec.gapsMs[i] as number;
        return gap >= nominal - spec.slack.earlyMs && gap <= nominal + spec.slack.lateMs;
      });
      const oneSeq = !spec.sameSeq || (seqs.length === 1 && seqs[0] !== null);
      return { ok: inTime && oneSeq, observed };
    },
  };
}
