// time-wait-active-closer on the real kernel: TIME-WAIT lands on whoever closes first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectation, runFast } from './helpers.ts';

describe('time-wait-active-closer', () => {
  it('passes: the HTTP/1.0 server holds TIME-WAIT; with keep-alive the client does', async () => {
    const report = await runFast('time-wait-active-closer');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.match(expectation(report, 'server-holds-time-wait').observed, /^3 TIME-WAIT: TIME-WAIT 127\.0\.0\.1:8818 /);
    assert.equal(expectation(report, 'client-holds-none').observed, '0 TIME-WAIT');
    // ss -o printed the timewait timer between 50 and 60 s.
    const timer = expectation(report, 'time-wait-timer');
    assert.match(timer.observed, /timer timewait (5\d(\.\d)?|60) s/);
    assert.match(timer.command ?? '', /^ss -Htanop state time-wait 'sport = :8818'$/);
    assert.match(
      expectation(report, 'keepalive-client-time-wait').observed,
      /^1 TIME-WAIT: TIME-WAIT 127\.0\.0\.1:\d+ ⇄ 127\.0\.0\.1:8819/,
    );
    assert.equal(expectation(report, 'keepalive-server-none').observed, '0 TIME-WAIT');
  });
});
