// close-wait-emfile on the real kernel: a leaking server limited to 64 open files keeps one
// CLOSE-WAIT per client until every descriptor slot is taken; then libuv accepts and closes,
// so later clients connect and are reset or see EOF, each costing one RST; the fixed server
// stays flat. The exercise: the solution serves 500 clients, the starter does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitConnections } from '../checker/packets.ts';
import { assertExerciseFiles, checkWith } from './exercise-files.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const PORT = 8818;

describe('close-wait-emfile', { skip: await unavailableHere('close-wait-emfile') }, () => {
  it('passes: CLOSE-WAIT climbs to the fd limit, later clients are cut off with a RST, the fixed server stays flat', async () => {
    const report = await runFast('close-wait-emfile');
    assert.equal(report.verdict, 'pass', report.error ?? '');

    // The limit really is 64, and the plateau is 64 minus the slots in use before any client.
    assert.match(expectation(report, 'fd-limit').observed, /^Max open files 64 64; (\d+) descriptors below 64/);
    const baseline = Number(/; (\d+) descriptors/.exec(expectation(report, 'fd-limit').observed)?.[1]);
    const plateau = Number(/^(\d+) CLOSE-WAIT/.exec(expectation(report, 'close-wait-plateau').observed)?.[1]);
    assert.equal(plateau, 64 - baseline);
    assert.match(expectation(report, 'fds-at-limit').observed, /^64 descriptors below 64 in use/);
    assert.match(expectation(report, 'close-wait-per-client').observed, /^10 CLOSE-WAIT/);

    // What the clients saw: served up to the plateau, then cut off (ECONNRESET or EOF), none refused.
    const tally = /^(\d+) of 60 served, (\d+) cut off \((\d+) ECONNRESET, (\d+) EOF\), 0 never connected$/.exec(
      expectation(report, 'clients-cut-off').observed,
    );
    assert.ok(tally, expectation(report, 'clients-cut-off').observed);
    const [served, cut] = [Number(tally[1]), Number(tally[2])];
    assert.equal(served, plateau);
    assert.equal(cut, 60 - plateau);
    assert.ok(cut > 0);

    // The kernel: every handshake completed, the queue never overflowed, one RST per cut-off.
    assert.equal(report.counters.TcpPassiveOpens, 120);
    assert.equal(report.counters.TcpExtListenOverflows ?? 0, 0);
    assert.equal(report.counters.TcpOutRsts, cut);
    assert.match(expectation(report, 'listener-queue-empty').observed, /^LISTEN Recv-Q 0 /);
    assert.match(expectation(report, 'spare-on-root').observed, /^1 on \/ /);
    assert.match(expectation(report, 'no-spare-on-root-yet').observed, /^0 on \/ /);

    // The capture, read here too: the RSTs all come from the leaking server, on unanswered connections.
    const connections = splitConnections(report.packets, [PORT, PORT + 1]).filter((c) => c.server.port === PORT);
    const resets = report.packets.filter((p) => p.flags.includes('RST'));
    assert.equal(resets.length, cut);
    assert.ok(resets.every((p) => p.src.port === PORT));
    assert.equal(connections.length, 60);

    // The chart: CLOSE-WAIT on the server rose to the plateau, fell to 0 with the restart, stayed 0.
    assert.ok(report.series);
    const counts = report.series.points.map(([, n]) => n);
    // The chart counts the leaking server's port only (onLabPort): the fixed server's are not in it.
    const peak = Math.max(...counts);
    assert.equal(peak, plateau);
    assert.equal(counts.at(-1), 0);
    const peakAt = counts.indexOf(peak);
    assert.ok(
      counts.slice(0, peakAt).every((n, i, all) => i === 0 || n >= (all[i - 1] as number)),
      'it only rose',
    );

    // The fixed server on the next port: all served, no CLOSE-WAIT, its clients in TIME-WAIT.
    assert.match(expectation(report, 'fixed-serves-all').observed, /^60 of 60 served, 0 cut off/);
    assert.match(expectation(report, 'clients-time-wait').observed, /^60 TIME-WAIT/);
    // Each of the fixed server's CLOSE-WAITs ended (LAST-ACK) as soon as it read the EOF (a loaded
    // machine can delay that by tens of ms; the leak's never end).
    const fixedSide = report.timeline.filter((t) => t.role === 'server' && t.local.endsWith(`:${PORT + 1}`));
    const entered = fixedSide.filter((t) => t.to === 'CLOSE-WAIT');
    assert.equal(entered.length, 60);
    for (const start of entered) {
      const left = fixedSide.find((t) => t.conn === start.conn && t.from === 'CLOSE-WAIT');
      assert.ok(
        left && left.tMs - start.tMs < 1000,
        `CLOSE-WAIT on ${start.conn} lasted ${left ? left.tMs - start.tMs : '∞'} ms`,
      );
    }
  });

  it('serve-500: a starter with its task, a solution, and the lesson heading that says why', async () => {
    await assertExerciseFiles('close-wait-emfile', 'serve-500');
  });

  it('serve-500: the solution serves 500 clients within 64 descriptors', async () => {
    const report = await checkWith('close-wait-emfile', 'serve-500', 'solution');
    assert.equal(report.verdict, 'pass', report.error ?? JSON.stringify(report.expectations, null, 2));
    assert.match(expectation(report, 'all-served').observed, /^500 of 500 served/);
    assert.equal(report.counters.TcpOutRsts ?? 0, 0);
  });

  it('serve-500: the starter fails, out of descriptors, with the hint', async () => {
    const report = await checkWith('close-wait-emfile', 'serve-500', 'starter');
    assert.equal(report.verdict, 'fail', report.error ?? '');
    const served = expectation(report, 'all-served');
    assert.equal(served.ok, false);
    assert.match(served.observed, /cut off/);
    assert.match(report.hints[0] ?? '', /ran out of descriptors/);
    assert.equal(expectation(report, 'no-close-wait-left').ok, false);
  });
});
