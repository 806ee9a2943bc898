// time-wait-active-closer on the real kernel: TIME-WAIT lands on whoever closes first; a
// server's TIME-WAIT takes a new SYN from the same client port; seed 001's grep counts the
// wrong state; keep-alive moves TIME-WAIT to the client until the server closes an idle
// connection; and the keep-alive exercise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kernelAtLeast } from '../checker/kernel-version.ts';
import { findTool } from '../labs/kit/tools.ts';
import { assertExerciseFiles, checkWith } from './exercise-files.ts';
import { captured, expectation, matchOnTheWire, onTheWire, runFast, unavailableHere } from './helpers.ts';

describe('time-wait-active-closer', { skip: await unavailableHere('time-wait-active-closer') }, () => {
  it('passes: the HTTP/1.0 server holds TIME-WAIT; with keep-alive the client does, until the server closes an idle one', async () => {
    const report = await runFast('time-wait-active-closer');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.match(expectation(report, 'server-holds-time-wait').observed, /^3 TIME-WAIT: TIME-WAIT 127\.0\.0\.1:8818 /);
    assert.equal(expectation(report, 'client-holds-none').observed, '0 TIME-WAIT');
    // ss -o printed the timewait timer between 50 and 60 s.
    const timer = expectation(report, 'time-wait-timer');
    assert.match(timer.observed, /timer timewait (5\d(\.\d)?|60) s/);
    assert.match(timer.command ?? '', /^ss -Htanop state time-wait 'sport = :8818'$/);

    // A SYN from the port a server TIME-WAIT remembers is let in, with the TIME-WAIT's ISN.
    const port = /⇄ 127\.0\.0\.1:(\d+)/.exec(expectation(report, 'same-port-time-wait').observed)?.[1];
    assert.match(
      expectation(report, 'same-port-reconnected').observed,
      new RegExp(`connected again from port ${port}`),
    );
    matchOnTheWire(report, 'tw-syn-accepted', /; the server's first answer: Flags \[S\.\], ack \d+/);
    if (kernelAtLeast(6, 10) && onTheWire(report, 'tw-syn-isn')) {
      const isn = /: seq (\d+) \((\d+) \+ 65537 = (\d+)\)$/.exec(expectation(report, 'tw-syn-isn').observed);
      assert.ok(isn && isn[1] === isn[3], expectation(report, 'tw-syn-isn').observed);
    }
    // Every change of the reused four-tuple is on the wire; a 20 Hz poll may miss its ESTAB.
    const taken = report.timeline.filter((t) => t.role === 'server' && t.peer.endsWith(`:${port}`));
    if (captured(report))
      assert.deepEqual(
        taken.map((t) => t.to).filter((to) => to === 'TIME-WAIT' || to === 'ESTAB'),
        ['ESTAB', 'TIME-WAIT', 'ESTAB', 'TIME-WAIT'],
        'TIME-WAIT, then the same four-tuple ESTAB again',
      );
    // The server TIME-WAIT's timer, timed against the capture: Linux's 2MSL, TCP_TIMEWAIT_LEN.
    matchOnTheWire(report, 'time-wait-length', /runs (59\.\d+|60\.\d+) s from that FIN/);

    // The seed's count: 4 TIME-WAIT and 2 SYN-RECV on the port; its grep prints the 2. The
    // half-open connections need nft to hold their ACKs; without it the step is not run.
    const halfOpen = findTool('nft') ? 2 : 0;
    assert.match(expectation(report, 'census-time-wait').observed, /^4 TIME-WAIT/);
    if (halfOpen) assert.match(expectation(report, 'half-open-syn-recv').observed, /^2 SYN-RECV/);
    else assert.ok(!report.expectations.some((e) => e.id === 'half-open-syn-recv'));
    assert.match(
      expectation(report, 'seed-count-is-syn-recv').observed,
      new RegExp(`\` printed ${halfOpen}; ss counts 4 TIME-WAIT and ${halfOpen} SYN-RECV$`),
    );

    assert.match(
      expectation(report, 'keepalive-client-time-wait').observed,
      /^1 TIME-WAIT: TIME-WAIT 127\.0\.0\.1:\d+ ⇄ 127\.0\.0\.1:8819/,
    );
    assert.equal(expectation(report, 'keepalive-server-none').observed, '0 TIME-WAIT');
    // Node's idle timeout makes the keep-alive server the active closer.
    assert.match(expectation(report, 'node-keepalive-default').observed, /Node's default: 5000 ms/);
    assert.match(expectation(report, 'idle-server-time-wait').observed, /^1 TIME-WAIT: TIME-WAIT 127\.0\.0\.1:8820 /);
    assert.equal(expectation(report, 'idle-client-none').observed, '0 TIME-WAIT');
    matchOnTheWire(report, 'idle-server-fin-first', /^the first FIN came from the server, \d+ ms/);
  });
});

describe('time-wait-active-closer exercise keep-alive', {
  skip: await unavailableHere('time-wait-active-closer'),
}, () => {
  it('has a starter with its task, a solution, and a why the lesson answers', () =>
    assertExerciseFiles('time-wait-active-closer', 'keep-alive'));

  it('the starter fails on the kernel: it closes first and holds the TIME-WAIT', async () => {
    const report = await checkWith('time-wait-active-closer', 'keep-alive', 'starter');
    assert.equal(report.verdict, 'fail', report.error ?? '');
    assert.equal(expectation(report, 'keepalive-all-answered').ok, false);
    assert.match(expectation(report, 'keepalive-server-none').observed, /^1 TIME-WAIT/);
  });

  it('the solution passes: three answers on one connection, the TIME-WAIT on the client', async () => {
    const report = await checkWith('time-wait-active-closer', 'keep-alive', 'solution');
    assert.equal(report.verdict, 'pass', JSON.stringify(report.expectations));
    assert.match(expectation(report, 'keepalive-client-time-wait').observed, /^1 TIME-WAIT/);
  });
});
