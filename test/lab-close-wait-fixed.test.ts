// close-wait-fixed on the real kernel: no CLOSE-WAIT remains and the client holds TIME-WAIT.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectation, runFast } from './helpers.ts';

describe('close-wait-fixed', () => {
  it('passes: the client (active closer) holds TIME-WAIT, no CLOSE-WAIT on the port', async () => {
    const report = await runFast('close-wait-fixed');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.match(expectation(report, 'server-left-close-wait').observed, /^0 CLOSE-WAIT/);
    assert.match(expectation(report, 'client-time-wait').observed, /^TIME-WAIT .* timer timewait/);
    assert.ok(report.timeline.some((t) => t.role === 'client' && t.to === 'TIME-WAIT'));
    assert.ok(report.timeline.some((t) => t.role === 'server' && t.to === 'CLOSED'));
  });
});
