// fin-wait-2-timeout on the real kernel: the exited client's orphan carries a timewait timer
// and is reaped with no TIME-WAIT, the client that only called end() keeps FIN-WAIT-2 with no
// timer, the leaking server's CLOSE-WAIT stays, and its late write meets a RST. The exercise:
// a server that closes on EOF passes, the leaking starter fails.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const LAB = new URL('../labs/fin-wait-2-timeout/', import.meta.url).pathname;

describe('fin-wait-2-timeout', { skip: await unavailableHere('fin-wait-2-timeout') }, () => {
  it('passes: the orphan is reaped without TIME-WAIT, the CLOSE-WAIT stays, the late write meets RST', async () => {
    const report = await runFast('fin-wait-2-timeout');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    // ss -o: the orphan counts down (≤ 2 s) and has no owner; the end()-only socket has neither.
    const orphan = expectation(report, 'orphan-has-timer').observed;
    assert.match(orphan, /^FIN-WAIT-2 127\.0\.0\.1:(\d+) ⇄ 127\.0\.0\.1:8818 timer:\(timewait,\d+ms,0\), no owner$/);
    assert.match(
      expectation(report, 'stayer-has-no-timer').observed,
      /^FIN-WAIT-2 .* no timer, owned by node pid \d+$/,
    );
    assert.match(expectation(report, 'stayer-still-waits').observed, / no timer, owned by node pid \d+$/);
    assert.equal(expectation(report, 'orphan-reaped').observed, 'ss lists nothing');
    assert.equal(expectation(report, 'no-time-wait').observed, '0 TIME-WAIT');
    assert.match(expectation(report, 'close-wait-stays').observed, /^2 CLOSE-WAIT/);
    // The counters, by name.
    assert.equal(expectation(report, 'tw-killed').observed, 'TcpExtTWKilled +1');
    assert.equal(expectation(report, 'no-time-wait-counted').observed, 'TcpExtTW +0');
    assert.equal(expectation(report, 'rst-sent').observed, 'TcpOutRsts +1');
    assert.equal(expectation(report, 'close-wait-reset').observed, 'TcpEstabResets +1');
    assert.equal(expectation(report, 'server-epipe').observed, 'server: user2: write EPIPE');
    // The orphan's port: its socket went from FIN-WAIT-2 to nothing, never TIME-WAIT; the
    // capture has the server's data to that port and the RST that answered it.
    const orphanPort = Number(/127\.0\.0\.1:(\d+) ⇄/.exec(orphan)?.[1]);
    const ends = report.timeline.filter((t) => t.role === 'client' && t.local.endsWith(`:${orphanPort}`));
    assert.ok(
      ends.some((t) => t.from === 'FIN-WAIT-2' && t.to === 'CLOSED'),
      JSON.stringify(ends),
    );
    assert.ok(!ends.some((t) => t.to === 'TIME-WAIT'), JSON.stringify(ends));
    const rst = report.packets.find((p) => p.src.port === orphanPort && p.flags.includes('RST'));
    assert.ok(rst, 'the capture holds the RST from the orphan’s old port');
    assert.match(expectation(report, 'data-answered-by-rst').observed, new RegExp(`→ :${orphanPort} P\\. \\d+ bytes`));
    // The chart: the server's CLOSE-WAIT count reached 2 (one per departed user).
    assert.equal(Math.max(...(report.series?.points ?? []).map(([, n]) => n)), 2);
  });

  it('leave-no-orphan: the solution closes on EOF, so the orphan ends in TIME-WAIT and no RST is sent', async () => {
    const report = await runFast('fin-wait-2-timeout', {
      mode: 'check',
      exercise: 'leave-no-orphan',
      learnerFile: path.join(LAB, 'exercise/leave-no-orphan-solution.ts'),
    });
    assert.equal(report.verdict, 'pass', report.error ?? JSON.stringify(report.expectations, null, 2));
    assert.match(expectation(report, 'orphan-got-fin').observed, /^TIME-WAIT .* timer timewait/);
    assert.equal(expectation(report, 'no-rst').observed, 'TcpOutRsts +0');
  });

  it('leave-no-orphan: the leaking starter fails, with the CLOSE-WAIT hint', async () => {
    const report = await runFast('fin-wait-2-timeout', {
      mode: 'check',
      exercise: 'leave-no-orphan',
      learnerFile: path.join(LAB, 'exercise/leave-no-orphan-starter.ts'),
    });
    assert.equal(report.verdict, 'fail', report.error ?? '');
    assert.match(expectation(report, 'server-left-close-wait').observed, /^1 CLOSE-WAIT/);
    assert.equal(expectation(report, 'orphan-got-fin').ok, false);
    assert.equal(expectation(report, 'no-rst').ok, false);
    assert.match(report.hints[0] ?? '', /stayed CLOSE-WAIT/);
  });
});
