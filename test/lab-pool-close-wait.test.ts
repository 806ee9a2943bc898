// pool-close-wait on the real kernel: a keep-alive pool's idle connection closed by the server
// sits in CLOSE-WAIT (Recv-Q 1) while the client's loop is busy, and the next request on it
// meets a RST; so does one whose FIN was held back by nft. A pool timeout below the server's,
// or a free loop, gets a new connection. The exercise: the solution passes, the starter fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeWaitSpans } from '../labs/pool-close-wait/wire.ts';
import { assertExerciseFiles, checkWith } from './exercise-files.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const PORT = 8818;

describe('pool-close-wait', { skip: await unavailableHere('pool-close-wait') }, () => {
  it('passes: CLOSE-WAIT in the busy pool, ECONNRESET with a RST on reuse, the fixes get new connections', async () => {
    const report = await runFast('pool-close-wait');
    assert.equal(report.verdict, 'pass', report.error ?? '');

    // ss: the busy client's pooled socket, CLOSE-WAIT with the unread FIN counted in Recv-Q.
    assert.match(
      expectation(report, 'pool-close-wait').observed,
      /^CLOSE-WAIT 127\.0\.0\.1:\d+ ⇄ 127\.0\.0\.1:8818 .*Recv-Q 1$/,
    );
    assert.match(expectation(report, 'server-fin-wait-2').observed, /^FIN-WAIT-2 127\.0\.0\.1:8818 ⇄ 127\.0\.0\.1:/);
    assert.match(expectation(report, 'racing-still-estab').observed, /^ESTAB 127\.0\.0\.2:/);
    assert.match(
      expectation(report, 'racing-server-fin-wait-1').observed,
      /^FIN-WAIT-1 127\.0\.0\.1:8818 ⇄ 127\.0\.0\.2:/,
    );
    assert.match(expectation(report, 'short-idle-time-wait').observed, /^TIME-WAIT 127\.0\.0\.3:/);

    // The two errors Node reports, and the capture behind them: FIN, request, RST.
    assert.match(expectation(report, 'busy-hang-up').observed, /ECONNRESET \(socket hang up\)/);
    assert.match(expectation(report, 'racing-reset').observed, /ECONNRESET \(read ECONNRESET\)/);
    const resets = report.packets.filter((p) => p.flags.includes('RST'));
    assert.equal(resets.length, 2);
    assert.deepEqual(resets.map((p) => `${p.src.port}>${p.dst.address}`).sort(), [
      `${PORT}>127.0.0.1`,
      `${PORT}>127.0.0.2`,
    ]);
    assert.equal(report.counters.TcpOutRsts, 2);
    assert.equal(report.counters.TcpExtTCPAbortOnData, 1);

    // How long each client's side sat in CLOSE-WAIT, from the capture: the busy one until its
    // request, the free one about a millisecond, the racing one never (its FIN was lost).
    const [busy] = closeWaitSpans(report.packets, PORT, '127.0.0.1');
    assert.ok(busy && busy.untilMs !== null && busy.untilMs - busy.fromMs >= 100);
    const [free] = closeWaitSpans(report.packets, PORT, '127.0.0.4');
    assert.ok(free && free.untilMs !== null && free.untilMs - free.fromMs <= 100);
    assert.deepEqual(closeWaitSpans(report.packets, PORT, '127.0.0.2'), []);
    assert.deepEqual(closeWaitSpans(report.packets, PORT, '127.0.0.3'), []);

    // The sampler and the wire agree on who held CLOSE-WAIT: only the client sides.
    assert.ok(report.timeline.some((t) => t.role === 'busy client' && t.to === 'CLOSE-WAIT'));
    assert.ok(
      !report.timeline.some((t) => t.role === 'server' && t.to === 'CLOSE-WAIT' && t.peer.startsWith('127.0.0.1:')),
    );
    assert.match(expectation(report, 'short-idle-new-connection').observed, /on a new connection/);
    assert.match(expectation(report, 'free-new-connection').observed, /on a new connection/);
  });

  it('idle-timeout: a starter with its task, a solution, and the lesson heading that says why', async () => {
    await assertExerciseFiles('pool-close-wait', 'idle-timeout');
  });

  it('idle-timeout: the solution (pool timeout below the server’s) passes', async () => {
    const report = await checkWith('pool-close-wait', 'idle-timeout', 'solution');
    assert.equal(report.verdict, 'pass', report.error ?? JSON.stringify(report.expectations, null, 2));
    assert.match(expectation(report, 'every-request-answered').observed, /^4 answered/);
    assert.equal(report.counters.TcpOutRsts ?? 0, 0);
  });

  it('idle-timeout: the starter fails with a reset request and the hint', async () => {
    const report = await checkWith('pool-close-wait', 'idle-timeout', 'starter');
    assert.equal(report.verdict, 'fail', report.error ?? '');
    assert.equal(expectation(report, 'no-reset').ok, false);
    assert.match(expectation(report, 'every-request-answered').observed, /^3 answered/);
    assert.match(report.hints[0] ?? '', /already closed/);
    assert.ok(report.packets.some((p) => p.src.port === PORT && p.flags.includes('RST')));
  });
});
