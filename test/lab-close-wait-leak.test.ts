// close-wait-leak on the real kernel: the server side sits in CLOSE-WAIT with no timer, the
// client side in FIN-WAIT-2 (no timer while its program holds it; tcp_fin_timeout once it is
// an orphan), TcpCurrEstab follows this kernel's rule; and the close-on-eof exercise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kernelAtLeast } from '../checker/kernel-version.ts';
import { assertExerciseFiles, checkWith } from './exercise-files.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

describe('close-wait-leak', { skip: await unavailableHere('close-wait-leak') }, () => {
  it('passes: CLOSE-WAIT on the server, FIN-WAIT-2 on the client, proven by ss', async () => {
    const report = await runFast('close-wait-leak');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.equal(report.lab, 'close-wait-leak');
    assert.equal(report.mode, 'demo');
    const serverSide = expectation(report, 'server-close-wait');
    assert.match(serverSide.observed, /^CLOSE-WAIT 127\.0\.0\.1:\d+ ⇄ 127\.0\.0\.1:\d+/);
    assert.match(serverSide.command ?? '', /^ss .*state close-wait 'sport = :\d+'$/);
    assert.match(expectation(report, 'client-fin-wait-2').observed, /^FIN-WAIT-2 /);
    assert.match(expectation(report, 'still-close-wait').observed, /^CLOSE-WAIT /);
    // No timer on either socket the programs still hold.
    assert.match(expectation(report, 'close-wait-no-timer').observed, /^CLOSE-WAIT .* no timer$/);
    assert.match(
      expectation(report, 'client-fin-wait-2-no-timer').observed,
      /^FIN-WAIT-2 .*\(node pid \d+\) no timer$/,
    );
    // The orphan: no process, a timewait timer from tcp_fin_timeout (60 s).
    assert.equal(expectation(report, 'fin-timeout-default').observed, 'net.ipv4.tcp_fin_timeout = 60');
    const orphan = expectation(report, 'orphan-fin-wait-2-timer').observed;
    assert.match(orphan, /^FIN-WAIT-2 \S+ ⇄ \S+ timer timewait (5\d|60)(\.\d)? s$/, orphan);
    assert.match(expectation(report, 'two-close-waits').observed, /^2 CLOSE-WAIT/);
    // TcpCurrEstab: the rule this kernel follows, and the gauge's value under it.
    const gauge = expectation(report, 'curr-estab-close-wait').observed;
    if (kernelAtLeast(6, 10))
      assert.match(gauge, /^TcpCurrEstab 1; ss: 0 ESTAB, 1 CLOSE-WAIT: .* counts CLOSE-WAIT too/);
    else assert.match(gauge, /^TcpCurrEstab [01]; ss: 0 ESTAB, 1 CLOSE-WAIT/);
    // The sampler saw the same story from the kernel's table.
    assert.ok(report.timeline.some((t) => t.role === 'server' && t.to === 'CLOSE-WAIT'));
    assert.ok(report.timeline.some((t) => t.role === 'client' && t.to === 'FIN-WAIT-2'));
    assert.ok(!report.timeline.some((t) => t.role === 'client' && t.to === 'TIME-WAIT'));
    assert.ok((report.counters.TcpActiveOpens ?? 0) >= 1);
  });

  it('two runs at once both pass (each in its own namespace, same port)', async () => {
    const [a, b] = await Promise.all([runFast('close-wait-leak'), runFast('close-wait-leak')]);
    assert.equal(a.verdict, 'pass', a.error ?? '');
    assert.equal(b.verdict, 'pass', b.error ?? '');
  });
});

describe('close-wait-leak exercise close-on-eof', { skip: await unavailableHere('close-wait-leak') }, () => {
  it('has a starter with its task, a solution, and a why the lesson answers', () =>
    assertExerciseFiles('close-wait-leak', 'close-on-eof'));

  it('the starter fails on the kernel: its socket stays CLOSE-WAIT', async () => {
    const report = await checkWith('close-wait-leak', 'close-on-eof', 'starter');
    assert.equal(report.verdict, 'fail', report.error ?? '');
    assert.match(expectation(report, 'server-left-close-wait').observed, /^1 CLOSE-WAIT/);
  });

  it('the solution passes: no CLOSE-WAIT, the client holds TIME-WAIT', async () => {
    const report = await checkWith('close-wait-leak', 'close-on-eof', 'solution');
    assert.equal(report.verdict, 'pass', JSON.stringify(report.expectations));
    assert.match(expectation(report, 'client-time-wait').observed, /^TIME-WAIT/);
  });
});
