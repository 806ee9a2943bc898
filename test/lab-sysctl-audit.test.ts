// sysctl-audit on the real kernel: a fresh namespace's defaults, tcp_fin_timeout reaping an
// orphaned FIN-WAIT-2 (with no TIME-WAIT after it) while TIME-WAIT keeps its 60 s, tcp_tw_reuse
// ending a TIME-WAIT early, and the seeds' recipe applied line by line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSsTimer } from '../checker/ss.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

describe('sysctl-audit', { skip: await unavailableHere('sysctl-audit') }, () => {
  it('passes: the kernel contradicts the recipe where the audit says it does', async () => {
    const report = await runFast('sysctl-audit');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.match(expectation(report, 'tw-recycle-gone').observed, /tcp_tw_recycle: no such file/);
    assert.equal(expectation(report, 'syncookies-default').observed, 'net.ipv4.tcp_syncookies = 1');
    assert.equal(expectation(report, 'tw-reuse-default').observed, 'net.ipv4.tcp_tw_reuse = 2');
    assert.equal(expectation(report, 'syn-retries-default').observed, 'net.ipv4.tcp_syn_retries = 6');
    assert.match(expectation(report, 'syn-retries-cap').observed, /write failed; tcp_syn_retries is 6/);

    const timeWait = Number(
      /timewait (\d+(?:\.\d+)?) s/.exec(expectation(report, 'time-wait-still-60s').observed)?.[1],
    );
    assert.ok(timeWait >= 50 && timeWait <= 60, `TIME-WAIT timer ${timeWait} s`);
    const finWait = Number(
      /timewait (\d+(?:\.\d+)?) s/.exec(expectation(report, 'orphan-fin-wait-2-timer').observed)?.[1],
    );
    assert.ok(finWait <= 5, `FIN-WAIT-2 timer ${finWait} s`);

    // The orphan went, and left no TIME-WAIT: the one TIME-WAIT is the polite connection's.
    const polite = /TIME-WAIT 127\.0\.0\.1:(\d+) /.exec(expectation(report, 'time-wait-still-60s').observed)?.[1];
    assert.match(
      expectation(report, 'orphan-reaped').observed,
      new RegExp(`^TIME-WAIT 127\\.0\\.0\\.1:${polite} ⇄ [^;]+$`),
    );
    const reaped = report.timeline.find((t) => t.role === 'client' && t.from === 'FIN-WAIT-2' && t.to === 'CLOSED');
    assert.ok(reaped, 'the orphaned FIN-WAIT-2 was reaped');
    const politeEnd = report.timeline.find((t) => t.local.endsWith(`:${polite}`) && t.from === 'TIME-WAIT');
    assert.equal(politeEnd, undefined, 'the TIME-WAIT outlived the run');

    // tcp_tw_reuse: refused at first, then the TIME-WAIT's port is taken over, counted.
    assert.match(expectation(report, 'reuse-blocked-at-first').observed, /EADDRNOTAVAIL/);
    assert.match(expectation(report, 'reuse-took-over').observed, /connected again from port 41000 after \d+ ms/);
    assert.match(
      expectation(report, 'reused-time-wait-gone').observed,
      /^ESTAB 127\.0\.0\.1:41000 ⇄ 127\.0\.0\.1:8818/,
    );
    assert.equal(expectation(report, 'tw-recycled').observed, 'TcpExtTWRecycled +1');

    assert.match(expectation(report, 'recycle-rejected').observed, /tcp_tw_recycle = 1: no such key/);
    assert.match(expectation(report, 'others-accepted').observed, /8 of 10 lines accepted/);
  });

  it("reads ss's timer at the instant it fires (timer:(timewait,,0)) as 0 ms", () => {
    assert.deepEqual(parseSsTimer('timer:(timewait,,0)'), { name: 'timewait', expiresMs: 0, retrans: 0 });
  });
});
