// accept-queue on the real kernel: a stuck event loop fills the accept queue to backlog + 1,
// new SYNs are dropped, a late final ACK overflows (then is reset with
// tcp_abort_on_overflow=1), the queue drains, and somaxconn caps a new listener's backlog.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from '../checker/packets.ts';
import { expectation, runFast } from './helpers.ts';

const PORT = 8818;
const LATE = '127.0.0.3';

describe('accept-queue', () => {
  it('passes: Recv-Q backlog + 1, dropped SYNs, a RST for the late ACK, then the queue drains', async () => {
    const report = await runFast('accept-queue');
    assert.equal(report.verdict, 'pass', report.error ?? '');

    // The LISTEN line: Send-Q is the limit, Recv-Q the queue, which stops at limit + 1.
    assert.equal(expectation(report, 'listener-limit').observed, 'LISTEN Recv-Q 0 Send-Q 4');
    assert.equal(expectation(report, 'queue-full').observed, 'LISTEN Recv-Q 5 Send-Q 4');
    assert.match(expectation(report, 'queued-established').observed, /^5 ESTAB/);
    assert.match(expectation(report, 'queue-drained').observed, /^LISTEN Recv-Q 0 /);
    assert.equal(expectation(report, 'somaxconn-at-listen-time').observed, 'LISTEN Recv-Q 5 Send-Q 4');
    assert.equal(expectation(report, 'somaxconn-limit').observed, 'LISTEN Recv-Q 0 Send-Q 2');
    assert.equal(expectation(report, 'somaxconn-full').observed, 'LISTEN Recv-Q 3 Send-Q 2');

    // The late client: ESTAB for itself, SYN-RECV on the server, then reset.
    assert.match(
      expectation(report, 'late-client-established').observed,
      /^ESTAB 127\.0\.0\.3:\d+ ⇄ 127\.0\.0\.1:8818/,
    );
    assert.match(expectation(report, 'late-server-syn-recv').observed, /SYN-RECV 127\.0\.0\.1:8818 ⇄ 127\.0\.0\.3:\d+/);
    assert.match(expectation(report, 'late-still-syn-recv').observed, /SYN-RECV 127\.0\.0\.1:8818 ⇄ 127\.0\.0\.3:\d+/);
    assert.match(expectation(report, 'late-reset').observed, /ECONNRESET/);
    assert.equal(report.counters.TcpExtEmbryonicRsts, 1);

    // A new SYN into the full queue is retried, never reset, and gets in after the drain.
    assert.match(expectation(report, 'new-client-syn-sent').observed, /^1 SYN-SENT/);
    assert.match(expectation(report, 'new-syn-dropped').observed, /retransmitted [1-9]/);
    const waited = Number(/took (\d+) ms/.exec(expectation(report, 'new-client-waited').observed)?.[1]);
    assert.ok(waited >= 1000, `the new client waited ${waited} ms`);
    const overflows = report.counters.TcpExtListenOverflows ?? 0;
    assert.ok(overflows >= 3, `TcpExtListenOverflows +${overflows}: the late ACK and at least two SYNs`);
    assert.ok((report.counters.TcpExtListenDrops ?? 0) >= overflows);

    // The server accepted 6 connections, none of them the late client's.
    const accepted = report.events.filter((e) => e.source === 'server' && /accepted #/.test(e.text));
    assert.equal(accepted.length, 6);
    assert.ok(accepted.every((e) => !e.text.includes(LATE)));

    // The timeline: the late client's two sides ended CLOSED by the RST.
    assert.ok(report.timeline.some((t) => t.role === 'late client' && t.from === 'ESTAB' && t.to === 'CLOSED'));
    assert.ok(report.timeline.some((t) => t.role === 'server' && t.from === 'SYN-RECV' && t.to === 'CLOSED'));

    // On the wire: the server's only RST went to the late client, after an ACK from it.
    const packets: readonly Packet[] = report.packets;
    const resets = packets.filter((p) => p.src.port === PORT && p.flags.includes('RST'));
    assert.equal(resets.length, 1, `RSTs: ${resets.map((p) => `${p.dst.address}:${p.dst.port}`).join(', ')}`);
    const reset = resets[0] as Packet;
    assert.equal(reset.dst.address, LATE);
    assert.ok(packets.some((p) => p.src.address === LATE && p.flags.includes('ACK') && p.tMs <= reset.tMs));
    // The sixth client: the same SYN several times, then a SYN/ACK.
    const sixthPort = Number(/127\.0\.0\.1:(\d+)/.exec(expectation(report, 'new-syn-dropped').observed)?.[1]);
    const sixthSyns = packets.filter((p) => p.src.port === sixthPort && p.flagText === 'S');
    assert.ok(sixthSyns.length >= 2, `the sixth client sent ${sixthSyns.length} SYN`);
    assert.equal(new Set(sixthSyns.map((p) => p.seq)).size, 1);
    assert.ok(packets.some((p) => p.dst.port === sixthPort && p.flagText === 'S.'));
  });
});
