// close-wait-leak on the real kernel: the server side sits in CLOSE-WAIT, the client side in
// FIN-WAIT-2, and it stays so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectation, runFast } from './helpers.ts';

describe('close-wait-leak', () => {
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
