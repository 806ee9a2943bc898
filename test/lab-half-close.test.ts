// half-close on the real kernel: the client, in FIN-WAIT-2, receives everything the server
// sends after the client's FIN (judged from the capture); with Node's default the server's
// socket ends at once and only what it wrote before that arrives; and the keep-sending exercise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertExerciseFiles, checkWith } from './exercise-files.ts';
import { expectation, matchOnTheWire, runFast, unavailableHere } from './helpers.ts';

describe('half-close', { skip: await unavailableHere('half-close') }, () => {
  it('passes: FIN-WAIT-2 still receives, then the client holds TIME-WAIT; the default server stops at once', async () => {
    const report = await runFast('half-close');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.match(expectation(report, 'client-got-everything').observed, /EOF after 5000 bytes/);
    matchOnTheWire(
      report,
      'data-after-fin',
      /^after the client's FIN: 5000 bytes in \d+ segments from the server, all ACKed/,
    );
    matchOnTheWire(report, 'fin-wait-2-receives', /^client FIN-WAIT-2 \+\d+ ms, server CLOSE-WAIT \+\d+ ms; data/);
    assert.ok(report.timeline.some((t) => t.role === 'server' && t.to === 'CLOSE-WAIT'));
    assert.ok(report.timeline.some((t) => t.role === 'client' && t.to === 'TIME-WAIT'));
    // Node's default: the 1000 bytes written in the 'end' handler arrive, the next write fails.
    assert.match(expectation(report, 'default-flushed').observed, /EOF after 1000 bytes/);
    assert.match(expectation(report, 'default-write-fails').observed, /failed: (EPIPE|ERR_STREAM_WRITE_AFTER_END)/);
    matchOnTheWire(report, 'default-fin-right-behind', /^1000 bytes, then the server's FIN .*; 0 bytes after it$/);
  });
});

describe('half-close exercise keep-sending', { skip: await unavailableHere('half-close') }, () => {
  it('has a starter with its task, a solution, and a why the lesson answers', () =>
    assertExerciseFiles('half-close', 'keep-sending'));

  it("the starter fails on the kernel: only its first chunk arrives after the client's FIN", async () => {
    const report = await checkWith('half-close', 'keep-sending', 'starter');
    assert.equal(report.verdict, 'fail', report.error ?? '');
    assert.match(expectation(report, 'client-got-everything').observed, /EOF after 1000 bytes/);
    matchOnTheWire(report, 'data-after-fin', /^after the client's FIN: 1000 bytes/);
  });

  it('the solution passes: all 5000 bytes after the FIN, then its own FIN', async () => {
    const report = await checkWith('half-close', 'keep-sending', 'solution');
    assert.equal(report.verdict, 'pass', JSON.stringify(report.expectations));
  });
});
