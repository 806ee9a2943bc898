// close-wait-fixed on the real kernel: no CLOSE-WAIT remains, the client holds TIME-WAIT for
// 60 s, the server's FIN acknowledges the client's, TcpExtTW counts the TIME-WAIT by this
// kernel's rule; the shared close-on-eof exercise, seen from this lab.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kernelAtLeast } from '../checker/kernel-version.ts';
import { assertExerciseFiles, checkWith } from './exercise-files.ts';
import { expectation, matchOnTheWire, runFast, unavailableHere } from './helpers.ts';

describe('close-wait-fixed', { skip: await unavailableHere('close-wait-fixed') }, () => {
  it('passes: the client (active closer) holds TIME-WAIT, no CLOSE-WAIT on the port', async () => {
    const report = await runFast('close-wait-fixed');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.match(expectation(report, 'server-left-close-wait').observed, /^0 CLOSE-WAIT/);
    assert.match(expectation(report, 'client-time-wait').observed, /^TIME-WAIT .* timer timewait/);
    assert.match(expectation(report, 'client-time-wait-timer').observed, /timer timewait (5\d|60)(\.\d)? s/);
    assert.equal(expectation(report, 'server-socket-gone').observed, 'none');
    matchOnTheWire(
      report,
      'server-fin-acks',
      /^server's FIN: Flags \[F\.\], seq \d+, ack (\d+) .* so ack \1 acknowledges it/,
    );
    const counted = expectation(report, 'tw-counted').observed;
    assert.match(counted, kernelAtLeast(5, 17) ? /^TcpExtTW \+1 during the run/ : /^TcpExtTW \+0 during the run/);
    assert.ok(report.timeline.some((t) => t.role === 'client' && t.to === 'TIME-WAIT'));
    assert.ok(report.timeline.some((t) => t.role === 'server' && t.to === 'CLOSED'));
  });

  it('close-on-eof from this lab: the same starter and solution, and this lesson says why', async () => {
    await assertExerciseFiles('close-wait-fixed', 'close-on-eof');
    const report = await checkWith('close-wait-fixed', 'close-on-eof', 'solution');
    assert.equal(report.verdict, 'pass', JSON.stringify(report.expectations));
  });
});
