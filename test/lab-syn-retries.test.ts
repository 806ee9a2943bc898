// syn-retries on the real kernel: SYNs dropped by nft, the client's kernel resends them on
// the doubling schedule (then on the linear one), and connect() gives up after the time
// checker/syn-give-up.ts computes; SYNs dropped on the way out meet the same timer. Then
// the exercise: the reference client with its own connect timeout passes, the lab's fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isSyn, type Packet } from '../checker/packets.ts';
import { synGiveUp } from '../checker/syn-give-up.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const PORT = 8818;
const LAB = new URL('../labs/syn-retries/', import.meta.url).pathname;

/** The number a pattern captures in an observed string. */
function number(observed: string, pattern: RegExp): number {
  const match = pattern.exec(observed);
  assert.ok(match, `${pattern} not in: ${observed}`);
  return Number(match[1]);
}

/** The SYNs each client sent, one list per client port, in order of the first. */
function synsByClient(packets: readonly Packet[]): Packet[][] {
  const byPort = new Map<number, Packet[]>();
  for (const packet of packets.filter((p) => isSyn(p) && p.dst.port === PORT)) {
    byPort.set(packet.src.port, [...(byPort.get(packet.src.port) ?? []), packet]);
  }
  return [...byPort.values()];
}

/**
 * `SYN-SENT … timer:(on,1960ms,1); 2 SYN copies on the wire`: ss's count k is at least the
 * copies waited for less one (more if ss looked late), and matches the wire's copies.
 */
function timerAfter(observed: string, copiesWaitedFor: number): { ms: number; count: number } {
  const match = /^SYN-SENT .* timer:\(on,(\d+)ms,(\d+)\); (\d+) SYN copies on the wire$/.exec(observed);
  assert.ok(match, `not a SYN-SENT timer with its copies: ${observed}`);
  const [ms, count, copies] = match.slice(1).map(Number) as [number, number, number];
  assert.ok(count >= copiesWaitedFor - 1, observed);
  assert.ok(copies === count + 1 || copies === count + 2, observed);
  return { ms, count };
}

function gaps(packets: readonly Packet[]): number[] {
  return packets.slice(1).map((p, i) => p.tMs - (packets[i] as Packet).tMs);
}

/** The measured give-up agrees with synGiveUp(): never earlier than 100 ms before it, at most 1 s late. */
function agrees(measuredMs: number, retries: number, linear: number) {
  const nominalMs = synGiveUp(retries, linear).gaveUpAtS * 1000;
  assert.ok(
    measuredMs >= nominalMs - 100 && measuredMs <= nominalMs + 1000,
    `gave up after ${measuredMs} ms; synGiveUp(${retries}, ${linear}) says ${nominalMs} ms`,
  );
}

describe('syn-retries', { skip: await unavailableHere('syn-retries') }, () => {
  it("its lesson's give-up table is what synGiveUp() computes", () => {
    const lesson = readFileSync(`${LAB}LESSON.md`, 'utf8');
    // | 2 | 0 | 0, 1, 3 | 7 s (time and count) |
    const rows = [...lesson.matchAll(/^\| (\d+)[^|]*\| (\d+) \| ([\d, ]+) \| \*{0,2}(\d+) s/gm)];
    assert.ok(rows.length >= 6, `give-up rows in the lesson: ${rows.length}`);
    for (const [, retries, linear, sent, gaveUp] of rows) {
      const kernel = synGiveUp(Number(retries), Number(linear));
      assert.deepEqual(sent?.split(',').map(Number), kernel.sentAtS, `SYN times for ${retries}, ${linear}`);
      assert.equal(Number(gaveUp), kernel.gaveUpAtS, `give-up for ${retries}, ${linear}`);
    }
  });

  it('passes: SYNs 1 s then 2 s apart, ETIMEDOUT when synGiveUp() says; an output-hook drop on the same timer; linear timeouts resend every second, same deadline', async () => {
    const report = await runFast('syn-retries');
    assert.equal(report.verdict, 'pass', report.error ?? '');

    // ss -o while the client waited: SYN-SENT with the retransmission timer and its count.
    timerAfter(expectation(report, 'syn-sent-after-first-retry').observed, 2);
    const last = timerAfter(expectation(report, 'syn-sent-after-second-retry').observed, 3);
    assert.ok(last.count === 2 && last.ms <= 4000, `after the second retry: ${JSON.stringify(last)}`);

    // What the client program itself saw, against the one function that computes it.
    agrees(number(expectation(report, 'gave-up-after-7s').observed, /took (\d+) ms/), 2, 0);
    assert.equal(synGiveUp(2, 0).gaveUpAtS, 7);
    assert.ok(report.events.some((e) => e.source === 'client' && /failed after \d+ ms: ETIMEDOUT/.test(e.text)));

    // The wire, read from the packets themselves: one SYN and its copies, same seq, 1 s then 2 s.
    const [textbook, linear] = synsByClient(report.packets);
    assert.ok(textbook, 'no SYNs captured');
    assert.equal(textbook.length, synGiveUp(2, 0).sentAtS.length, `textbook SYNs: ${textbook.length}`);
    assert.equal(new Set(textbook.map((p) => p.seq)).size, 1);
    const [first, second] = gaps(textbook) as [number, number];
    assert.ok(first >= 950 && first <= 1250, `first gap ${first} ms`);
    assert.ok(second >= 1950 && second <= 2250, `second gap ${second} ms`);
    // Nothing ever came back: no segment from the server's port.
    assert.ok(!report.packets.some((p) => p.src.port === PORT));

    // The output-hook drop: ETIMEDOUT after the same time, nothing on the wire, two failed resends.
    agrees(number(expectation(report, 'output-drop-gave-up-after-7s').observed, /took (\d+) ms/), 2, 0);
    assert.ok(!report.packets.some((p) => p.dst.port === PORT + 1));
    assert.ok(!report.events.some((e) => /EPERM/.test(e.text)), 'no program saw EPERM');
    assert.equal(report.counters.TcpExtTCPRetransFail, 2);

    // The kernel's default linear timeouts (this kernel has them): five copies 1 s apart.
    assert.ok(linear, 'no second client in the capture');
    assert.equal(linear.length, synGiveUp(2, 4).sentAtS.length, `linear SYNs: ${linear.length}`);
    for (const gap of gaps(linear)) assert.ok(gap >= 950 && gap <= 1250, `linear gap ${gap} ms`);
    agrees(number(expectation(report, 'linear-gave-up-after-7s').observed, /took (\d+) ms/), 2, 4);
    assert.equal(synGiveUp(2, 4).limit, 'time');
    assert.equal(timerAfter(expectation(report, 'syn-sent-after-linear-retries').observed, 6).count, 5);

    // Counters for the whole run: 2 + 2 + 5 SYNs resent, three failed active opens.
    assert.equal(report.counters.TcpExtTCPSynRetrans, 9);
    assert.equal(report.counters.TcpAttemptFails, 3);

    // The sampler: each client sat in SYN-SENT until it vanished; the server never saw a SYN.
    const clients = report.timeline.filter((t) => t.role === 'client');
    assert.equal(clients.filter((t) => t.to === 'SYN-SENT').length, 3);
    assert.equal(clients.filter((t) => t.from === 'SYN-SENT' && t.to === 'CLOSED').length, 3);
    assert.ok(!report.timeline.some((t) => t.role === 'server'));
  });

  it('exercise connect-timeout: the reference client gives up on its own and keeps a good connection', async () => {
    const learnerFile = `${LAB}exercise/connect-timeout-solution.ts`;
    const report = await runFast('syn-retries', { mode: 'check', learnerFile, exercise: 'connect-timeout' });
    assert.equal(report.verdict, 'pass', JSON.stringify(report.expectations, null, 2));
    assert.match(expectation(report, 'still-connected-when-idle').observed, /^ESTAB /);
    const tookMs = number(expectation(report, 'gave-up-within-deadline').observed, /took (\d+) ms/);
    assert.ok(tookMs >= 1400 && tookMs <= 3000, `gave up after ${tookMs} ms`);
    assert.equal(report.counters.TcpExtTCPAbortOnTimeout ?? 0, 0);
  });

  it('exercise connect-timeout: the starter, which waits for the kernel, fails (not an error)', async () => {
    const learnerFile = `${LAB}exercise/connect-timeout-starter.ts`;
    const report = await runFast('syn-retries', { mode: 'check', learnerFile, exercise: 'connect-timeout' });
    assert.equal(report.verdict, 'fail', report.error ?? '');
    const stuck = expectation(report, 'client-gave-up');
    assert.equal(stuck.ok, false);
    assert.match(stuck.observed, /1 SYN-SENT/);
    assert.ok(
      report.hints.some((hint) => /127 s/.test(hint)),
      report.hints.join('\n'),
    );
  });
});
