// accept-queue on the real kernel: a stuck event loop fills the accept queue to backlog + 1,
// new SYNs are dropped, a late final ACK overflows (then is reset with
// tcp_abort_on_overflow=1), the queue drains, and somaxconn caps a new listener's backlog.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from '../checker/packets.ts';
import { isSysctlCondition, labAvailability } from '../labs/kit/availability.ts';
import { loadLab } from '../labs/kit/registry.ts';
import { planInput, planOf } from '../labs/kit/runner.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const PORT = 8818;
const LATE = '127.0.0.3';

describe('accept-queue', { skip: await unavailableHere('accept-queue') }, () => {
  it('passes: Recv-Q backlog + 1, dropped SYNs, a RST for the late ACK, then the queue drains', async () => {
    const report = await runFast('accept-queue');
    assert.equal(report.verdict, 'pass', report.error ?? '');

    // The LISTEN line: Send-Q is the limit, Recv-Q the queue, which stops at limit + 1.
    assert.equal(expectation(report, 'listener-limit').observed, 'LISTEN Recv-Q 0 Send-Q 4');
    assert.equal(expectation(report, 'queue-full').observed, 'LISTEN Recv-Q 5 Send-Q 4');
    assert.match(expectation(report, 'queued-established').observed, /^5 ESTAB/);
    assert.match(expectation(report, 'queue-drained').observed, /^LISTEN Recv-Q 0 /);
    // The somaxconn step runs where the namespace has net.core.somaxconn, and says why not elsewhere
    // (kernels before 6.3 hide it from a namespace an unprivileged user owns).
    const somaxconnStep = report.steps.find((s) => s.title.startsWith('meanwhile, somaxconn='));
    if (somaxconnStep?.skipped) {
      assert.match(somaxconnStep.skipped, /net\.core\.somaxconn .*TCPLABS_SANDBOX=netns/);
      assert.ok(!report.expectations.some((e) => e.id.startsWith('somaxconn-')));
    } else {
      assert.equal(expectation(report, 'somaxconn-at-listen-time').observed, 'LISTEN Recv-Q 5 Send-Q 4');
      assert.equal(expectation(report, 'somaxconn-limit').observed, 'LISTEN Recv-Q 0 Send-Q 2');
      assert.equal(expectation(report, 'somaxconn-full').observed, 'LISTEN Recv-Q 3 Send-Q 2');
    }

    // Client 1 gives up while queued: its unaccepted connection is CLOSE-WAIT in the queue, and
    // TcpCurrEstab says whether this kernel counts CLOSE-WAIT (−1) or not (−2).
    assert.match(expectation(report, 'queued-close-wait').observed, /^1 CLOSE-WAIT: CLOSE-WAIT 127\.0\.0\.1:8818 /);
    assert.equal(expectation(report, 'close-wait-still-queued').observed, 'LISTEN Recv-Q 5 Send-Q 4');
    assert.match(
      expectation(report, 'curr-estab-close-wait').observed,
      /^TcpCurrEstab (-1: this kernel counts CLOSE-WAIT in TcpCurrEstab|-2: this kernel counts only ESTAB)$/,
    );

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
    // Seed 003's two equal numbers: with only the accept queue full, ListenDrops is ListenOverflows.
    const drops =
      /^TcpExtListenDrops \+(\d+), TcpExtListenOverflows \+(\d+), TcpExtTCPReqQFullDrop \+0, TcpExtTCPReqQFullDoCookies \+0$/.exec(
        expectation(report, 'listen-drops-are-overflows').observed,
      );
    assert.ok(drops, expectation(report, 'listen-drops-are-overflows').observed);
    assert.equal(drops[1], drops[2]);

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

  it('needs no net.core.somaxconn: its one somaxconn step is skipped, with why, where the namespace hides it', async () => {
    const lab = await loadLab('accept-queue');
    assert.equal(Object.keys(lab.needs.sysctls ?? {}).filter((name) => name.startsWith('net.core.')).length, 0);
    const steps = planOf(lab, planInput(lab, 'demo', true));
    const conditioned = steps.filter((s) => isSysctlCondition(s.when));
    assert.deepEqual(
      conditioned.map((s) => s.actions.flatMap((a) => (a.expectation ? [a.expectation.id] : []))),
      [['somaxconn-at-listen-time', 'somaxconn-limit', 'somaxconn-full']],
    );
    // What doctor and list say on Debian 12's 6.1 as a learner: a namespace without net/core/.
    const hidden = new Set(['net.ipv4.tcp_abort_on_overflow', 'net.ipv4.tcp_syncookies']);
    const there = await labAvailability(lab, { mode: 'userns' }, Promise.resolve(hidden));
    assert.equal(there.available, true);
    assert.match(there.why ?? '', /^runs without its net\.core\.somaxconn step .*TCPLABS_SANDBOX=netns/);
  });

  it('exercise drain-burst: the solution drains the burst, the stuck starter fails with a hint', async () => {
    const dir = new URL('../labs/accept-queue/exercise/', import.meta.url).pathname;
    const pass = await runFast('accept-queue', {
      mode: 'check',
      learnerFile: `${dir}drain-burst-solution.ts`,
      exercise: 'drain-burst',
    });
    assert.equal(pass.verdict, 'pass', JSON.stringify(pass.expectations.filter((e) => !e.ok)));
    assert.equal(expectation(pass, 'burst-no-overflow').observed, 'TcpExtListenOverflows +0');
    assert.equal(expectation(pass, 'burst-no-syn-resent').observed, "10 clients' SYNs, 0 of them resent");

    const fail = await runFast('accept-queue', {
      mode: 'check',
      learnerFile: `${dir}drain-burst-starter.ts`,
      exercise: 'drain-burst',
    });
    assert.equal(fail.verdict, 'fail', fail.error ?? '');
    assert.equal(expectation(fail, 'burst-listener-limit').ok, true, 'the starter listens with the backlog');
    for (const id of ['burst-all-connected', 'burst-no-overflow', 'burst-no-syn-resent', 'burst-queue-drained']) {
      assert.equal(expectation(fail, id).ok, false, id);
    }
    assert.match(fail.hints[0] ?? '', /never got in: their SYNs found the accept queue full/);
  });
});
