// rst-abort on the real kernel: a graceful close (FIN, TIME-WAIT on the closer) next to three
// RSTs: resetAndDestroy() (SO_LINGER 0), close() with an upload unread, and a SYN to a port
// nobody listens on; each RST in the capture, each counted by the kernel under its own name.
// Then the exercise: a server that turns the upload away without a RST.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hasFlag } from '../checker/packets.ts';
import { exerciseOf } from '../labs/kit/lab.ts';
import { loadLab } from '../labs/kit/registry.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const [FIN_PORT, RESET_PORT, CLOSED_PORT] = [8818, 8819, 8820];

async function check(which: 'starter' | 'solution') {
  const lab = await loadLab('rst-abort');
  const file = exerciseOf(lab, 'reject-gracefully')?.[which];
  assert.ok(file, `reject-gracefully has no ${which}`);
  return runFast('rst-abort', { mode: 'check', learnerFile: path.join(lab.dir, file), exercise: 'reject-gracefully' });
}

describe('rst-abort', { skip: await unavailableHere('rst-abort') }, () => {
  it('passes: FIN and TIME-WAIT next to three RSTs, each counted by name', async () => {
    const report = await runFast('rst-abort');
    assert.equal(report.verdict, 'pass', report.error ?? '');

    // The capture: one RST from each of the three ports, and the kernel counted each one.
    const rsts = report.packets.filter((p) => hasFlag(p, 'RST'));
    assert.deepEqual(rsts.map((p) => p.src.port).sort(), [FIN_PORT, RESET_PORT, CLOSED_PORT]);
    assert.equal(report.counters.TcpOutRsts, rsts.length);
    // Only the graceful close sent a FIN from a server port, and it carried no RST after it.
    const serverFins = report.packets.filter((p) => hasFlag(p, 'FIN') && p.src.port === FIN_PORT);
    assert.equal(serverFins.length, 1);
    assert.ok(!report.packets.some((p) => hasFlag(p, 'FIN') && p.src.port === RESET_PORT));

    // Each way of aborting has its own counter; both ends of each aborted connection count.
    assert.equal(report.counters.TcpExtTCPAbortOnClose, 1);
    assert.equal(report.counters.TcpExtTCPAbortOnData, 1);
    assert.equal(report.counters.TcpAttemptFails, 1);
    assert.equal(report.counters.TcpEstabResets, 4);

    // What the programs saw.
    assert.match(expectation(report, 'client-reads-eof').observed, /read "201 stored" then EOF$/);
    assert.match(expectation(report, 'reset-client-econnreset').observed, /then read ECONNRESET/);
    // The 413 (14 bytes) went out whole, and the RST came at the next sequence number.
    const reply = /^14 bytes of reply at .*, ending at seq (\d+); the RST at .*, seq (\d+)$/.exec(
      expectation(report, 'reply-survives-rst').observed,
    );
    assert.ok(reply && reply[1] === reply[2], expectation(report, 'reply-survives-rst').observed);
    assert.match(expectation(report, 'refused-at-once').observed, /^1 SYN to :8820; .*ECONNREFUSED$/);
    assert.match(expectation(report, 'syn-answered-by-rst').observed, /^SYN .*; RST\/ACK 127\.0\.0\.1:8820 → /);

    // TIME-WAIT: only the graceful closer's, on the server side of :8818.
    assert.match(expectation(report, 'closer-holds-time-wait').observed, /^1 TIME-WAIT: TIME-WAIT 127\.0\.0\.1:8818 /);
    assert.equal(expectation(report, 'reset-server-no-time-wait').observed, '0 TIME-WAIT');
    const timeWaits = report.timeline.filter((t) => t.to === 'TIME-WAIT');
    assert.deepEqual(
      timeWaits.map((t) => [t.role, t.local.endsWith(`:${FIN_PORT}`)]),
      [['server', true]],
    );
  });

  it('exercise reject-gracefully: the solution passes (413, FIN, no RST)', async () => {
    const report = await check('solution');
    assert.equal(report.verdict, 'pass', report.error ?? JSON.stringify(report.expectations, null, 2));
    assert.match(expectation(report, 'client-reads-413-then-eof').observed, /read "413 too large" then EOF/);
    assert.match(expectation(report, 'server-closes-with-fin').observed, /^FIN\/ACK 127\.0\.0\.1:8818 → .*; no RST$/);
    assert.ok(!report.packets.some((p) => hasFlag(p, 'RST')));
    assert.equal(report.counters.TcpExtTCPAbortOnClose ?? 0, 0);
  });

  it('exercise reject-gracefully: the starter fails, with the RST and the counter as the reasons', async () => {
    const report = await check('starter');
    assert.equal(report.verdict, 'fail', report.error ?? '');
    assert.equal(expectation(report, 'server-closes-with-fin').ok, false);
    assert.match(expectation(report, 'server-closes-with-fin').observed, /^RST\/ACK 127\.0\.0\.1:8818 → /);
    assert.equal(expectation(report, 'no-rst-sent').ok, false);
    // The body unread at close() (AbortOnClose), or arriving after it (AbortOnData): a race.
    const aborts = (report.counters.TcpExtTCPAbortOnClose ?? 0) + (report.counters.TcpExtTCPAbortOnData ?? 0);
    assert.ok(aborts >= 1, `aborts counted: ${aborts}`);
    assert.ok(report.hints.length > 0, 'a failed check comes with hints');
  });
});
