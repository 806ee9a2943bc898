// The arrows drawn without a capture: only segments a state change makes certain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arrowsFor, impliedSegments } from '../checker/implied-segments.ts';
import type { Transition } from '../checker/timeline.ts';

const change = (role: 'client' | 'server', from: Transition['from'], to: Transition['to']) => ({
  side: role,
  transition: { tMs: 1, conn: 'c', role, local: '', peer: '', from, to } as Transition,
});

test('a close from CLOSE-WAIT or LAST-ACK implies nothing: it may have been a RST', () => {
  assert.deepEqual(impliedSegments({ from: 'CLOSE-WAIT', to: 'CLOSED' }), []);
  assert.deepEqual(impliedSegments({ from: 'LAST-ACK', to: 'CLOSED' }), []);
});

test("a received FIN's ACK is not drawn apart: it may ride on the FIN that follows", () => {
  assert.deepEqual(impliedSegments({ from: 'ESTAB', to: 'CLOSE-WAIT' }), [{ name: 'FIN', way: 'received' }]);
  // The passive closer's FIN and the active closer's TIME-WAIT: one FIN each way, one ACK back.
  const arrows = arrowsFor([
    change('client', 'ESTAB', 'FIN-WAIT-1'),
    change('server', 'ESTAB', 'LAST-ACK'),
    change('client', 'FIN-WAIT-1', 'TIME-WAIT'),
    change('server', 'LAST-ACK', 'CLOSED'),
  ]);
  assert.deepEqual(arrows, [
    { name: 'FIN', direction: 'to-server' },
    { name: 'FIN', direction: 'to-client' },
    { name: 'ACK', direction: 'to-server' },
  ]);
});
