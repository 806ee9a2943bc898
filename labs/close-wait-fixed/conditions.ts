// Conditions the teardown labs put on a step, so it is skipped (saying why) where it cannot
// prove anything: without a capture, or on the host, whose counters are the whole machine's.

import { readlinkSync } from 'node:fs';
import type { Condition } from '../kit/lab.ts';
import { t } from './messages.ts';

/** The run is captured (tcpdump is there, and the sandbox is a namespace). */
export const captured: Condition = {
  // A getter, so the words follow the language.
  get text() {
    return t('when.captured');
  },
  holds: async (ctx) => ctx.capture.live,
};

/** The lab's programs run in a network namespace of their own, not the host's. */
export const ownNetns: Condition = {
  // On the host the counters and the socket census are the whole machine's.
  get text() {
    return t('when.ownNetns');
  },
  async holds(ctx) {
    const inside = (await ctx.sh(['readlink', '/proc/self/ns/net'])).stdout.trim();
    return inside !== readlinkSync('/proc/self/ns/net');
  },
};
