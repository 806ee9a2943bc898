// The wire's state machine and its reconciliation with the poll, on segments built by hand:
// what each segment does to each end, what a snapshot contradicts, and what it does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet, TcpFlag } from '../checker/packets.ts';
import { reconcile } from '../checker/reconcile.ts';
import type { Sighting } from '../checker/sampler.ts';
import { classifyByPort } from '../checker/timeline.ts';
import { wireChanges } from '../checker/wire.ts';

const C = { address: '127.0.0.1', port: 40000 };
const S = { address: '127.0.0.1', port: 8818 };

function seg(tMs: number, fromClient: boolean, flags: TcpFlag[], seq: number | null, ack: number | null): Packet {
  return {
    tMs,
    src: fromClient ? C : S,
    dst: fromClient ? S : C,
    flags,
    flagText: '',
    seq,
    seqEnd: seq,
    ack,
    win: 100,
    length: 0,
    options: [],
  };
}

/** A handshake and a client-first close: client ISN 100, server ISN 500. */
const session = [
  seg(1, true, ['SYN'], 100, null),
  seg(1.1, false, ['SYN', 'ACK'], 500, 101),
  seg(1.2, true, ['ACK'], null, 501),
  seg(10, true, ['FIN', 'ACK'], 101, 501),
  seg(10.1, false, ['ACK'], null, 102),
  seg(20, false, ['FIN', 'ACK'], 501, 102),
  seg(20.1, true, ['ACK'], null, 502),
];

const story = (changes: ReturnType<typeof wireChanges>) =>
  changes.map((c) => `${c.local.port === 8818 ? 'server' : 'client'} ${c.from ?? 'new'}→${c.to}`);

describe('the wire', () => {
  it('reads a handshake and a four-segment close, each end on its own', () => {
    assert.deepEqual(story(wireChanges(session)), [
      'client new→SYN-SENT',
      'client SYN-SENT→ESTAB',
      'server SYN-RECV→ESTAB',
      'client ESTAB→FIN-WAIT-1',
      'server ESTAB→CLOSE-WAIT',
      'client FIN-WAIT-1→FIN-WAIT-2',
      'server CLOSE-WAIT→LAST-ACK',
      'client FIN-WAIT-2→TIME-WAIT',
      'server LAST-ACK→CLOSED',
    ]);
  });

  it('a final ACK dropped on arrival leaves the server in LAST-ACK', () => {
    const dropped = (p: Packet) => p.tMs === 20.1;
    assert.ok(!story(wireChanges(session, dropped)).includes('server LAST-ACK→CLOSED'));
  });

  it('an end that answers the resent FIN with RST kept no TIME-WAIT: it went to CLOSED', () => {
    const resent = [...session, seg(220, false, ['FIN', 'ACK'], 501, 102), seg(220.1, true, ['RST'], 102, null)];
    const changes = story(wireChanges(resent, (p) => p.tMs === 20.1));
    assert.ok(changes.includes('client FIN-WAIT-2→CLOSED'), changes.join('\n'));
    assert.ok(!changes.some((c) => c.includes('TIME-WAIT')));
  });

  it('a full accept queue drops the final ACK: the server resends its SYN/ACK, and was never ESTAB', () => {
    const again = [...session.slice(0, 3), seg(1001, false, ['SYN', 'ACK'], 500, 101)];
    assert.ok(!story(wireChanges(again)).includes('server SYN-RECV→ESTAB'));
  });
});

const classify = classifyByPort([8818]);
const run = (state: Sighting['state'], a: number, b: number): Sighting => ({
  state,
  first: [a, a + 1],
  last: [b, b + 1],
});

describe('reconciling the wire with the poll', () => {
  it('a snapshot that shows the state the wire enters next is not a contradiction', () => {
    const sightings = new Map([['127.0.0.1:8818>127.0.0.1:40000', [run('ESTAB', 2, 8), run('LAST-ACK', 15, 18)]]]);
    const { doubts } = reconcile(wireChanges(session), [], sightings, classify);
    assert.deepEqual(doubts, [], 'the kernel moved the socket at close(); its FIN left at 20 ms');
  });

  it('a snapshot inside a state the wire implies, without the side, doubts that state', () => {
    const reads: Array<[number, number]> = [
      [2, 3],
      [50, 51],
    ];
    const sightings = new Map([['127.0.0.1:40000>127.0.0.1:8818', [run('ESTAB', 2, 2)]]]);
    const { doubts, timeline } = reconcile(wireChanges(session), [], sightings, classify, reads);
    assert.ok(doubts.some((d) => d.transition.to === 'TIME-WAIT' && /never listed it as TIME-WAIT/.test(d.observed)));
    assert.ok(!timeline.some((t) => t.to === 'TIME-WAIT'), 'never shown as fact');
  });

  it('a dual-stack server’s ::ffff: socket is the same side as the wire’s IPv4 one', () => {
    const sightings = new Map([['[::ffff:127.0.0.1]:8818>[::ffff:127.0.0.1]:40000', [run('FIN-WAIT-1', 2, 8)]]]);
    const { doubts } = reconcile(wireChanges(session), [], sightings, classify);
    assert.ok(doubts.length > 0, 'the mapped side was compared (and FIN-WAIT-1 contradicts what the wire says)');
  });
});
