// A state that may last only a moment: a client's ESTAB lasts the 300 ms before it closes in
// fast mode, less than `ss` may need on a loaded machine. It holds when `ss` shows the side in
// that state now, or when the capture shows that side's socket entering it. (The capture is
// read as delivered: use it only in labs whose nft rules drop nothing on the lab's port.)

import { type Expectation, expectState, sideWord, withinText } from './expect.ts';
import type { TcpState } from './socket.ts';
import { formatEndpoint } from './socket.ts';
import { wireChanges } from './wire.ts';
import { words } from './words.ts';

export interface WasStateSpec {
  id: string;
  side: 'server' | 'client';
  port: number;
  state: TcpState;
  within?: number;
  text?: string;
}

export function expectWasState(spec: WasStateSpec): Expectation {
  const within = spec.within ?? 1000;
  const now = expectState({ ...spec, within: 0 });
  return {
    ...now,
    text:
      spec.text ??
      words('state.isOrWas', {
        within: withinText(within),
        side: sideWord(spec.side),
        port: spec.port,
        state: spec.state,
      }),
    within,
    async attempt(env) {
      const seen = await now.attempt(env);
      if (seen.ok) return seen;
      const change = wireChanges(env.packets()).find(
        (c) => c.to === spec.state && (spec.side === 'server' ? c.local.port : c.peer.port) === spec.port,
      );
      if (!change) return seen;
      return {
        ok: true,
        observed: `the capture: ${formatEndpoint(change.local)} ⇄ ${formatEndpoint(change.peer)} became ${spec.state} at +${Math.round(change.tMs)} ms (ss now: ${seen.observed})`,
      };
    },
  };
}
