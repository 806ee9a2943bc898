// half-close on the real kernel: the client reads in FIN-WAIT-2 after its own FIN.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectation, runFast } from './helpers.ts';

describe('half-close', () => {
  it('passes: FIN-WAIT-2 still receives, then the client holds TIME-WAIT', async () => {
    const report = await runFast('half-close');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    const bytes = expectation(report, 'client-reads-in-fin-wait-2');
    const received = Number(/bytes_received:(\d+)/.exec(bytes.observed)?.[1]);
    assert.ok(received >= 1000, bytes.observed);
    assert.match(expectation(report, 'client-got-everything').observed, /EOF after 5000 bytes/);
    assert.ok(report.timeline.some((t) => t.role === 'server' && t.to === 'CLOSE-WAIT'));
    assert.ok(report.timeline.some((t) => t.role === 'client' && t.to === 'TIME-WAIT'));
  });
});
