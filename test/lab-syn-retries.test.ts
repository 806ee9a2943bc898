// syn-retries on the real kernel: SYNs dropped by nft, the client's kernel resends them on
// the doubling schedule (then on the linear one), and connect() gives up after ≈ 7 s.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSyn, type Packet } from '../checker/packets.ts';
import { expectation, runFast } from './helpers.ts';

const PORT = 8818;

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

function gaps(packets: readonly Packet[]): number[] {
  return packets.slice(1).map((p, i) => p.tMs - (packets[i] as Packet).tMs);
}

describe('syn-retries', () => {
  it('passes: SYNs 1 s then 2 s apart, ETIMEDOUT after ≈ 7 s; linear timeouts resend every second, same deadline', async () => {
    const report = await runFast('syn-retries');
    assert.equal(report.verdict, 'pass', report.error ?? '');

    // ss -o while the client waited: SYN-SENT with the retransmission timer and its count.
    assert.match(expectation(report, 'syn-sent-after-first-retry').observed, /^SYN-SENT .* timer:\(on,\d+ms,1\)$/);
    assert.match(expectation(report, 'syn-sent-after-second-retry').observed, /^SYN-SENT .* timer:\(on,\d+ms,2\)$/);
    assert.ok(number(expectation(report, 'syn-sent-after-second-retry').observed, /timer:\(on,(\d+)ms/) <= 4000);

    // What the client program itself saw.
    const textbookMs = number(expectation(report, 'gave-up-after-7s').observed, /took (\d+) ms/);
    assert.ok(textbookMs >= 6900 && textbookMs <= 8000, `gave up after ${textbookMs} ms`);
    assert.ok(report.events.some((e) => e.source === 'client' && /failed after \d+ ms: ETIMEDOUT/.test(e.text)));

    // The wire, read from the packets themselves: one SYN and its copies, same seq, 1 s then 2 s.
    const [textbook, linear] = synsByClient(report.packets);
    assert.ok(textbook, 'no SYNs captured');
    assert.equal(textbook.length, 3, `textbook SYNs: ${textbook.length}`);
    assert.equal(new Set(textbook.map((p) => p.seq)).size, 1);
    const [first, second] = gaps(textbook) as [number, number];
    assert.ok(first >= 950 && first <= 1250, `first gap ${first} ms`);
    assert.ok(second >= 1950 && second <= 2250, `second gap ${second} ms`);
    // Nothing ever came back: no segment from the server's port.
    assert.ok(!report.packets.some((p) => p.src.port === PORT));

    // The kernel's default linear timeouts (this kernel has them): five copies 1 s apart.
    assert.ok(linear, 'no second client in the capture');
    assert.equal(linear.length, 6, `linear SYNs: ${linear.length}`);
    for (const gap of gaps(linear)) assert.ok(gap >= 950 && gap <= 1250, `linear gap ${gap} ms`);
    const linearMs = number(expectation(report, 'linear-gave-up-after-7s').observed, /took (\d+) ms/);
    assert.ok(linearMs >= 6900 && linearMs <= 8000, `linear gave up after ${linearMs} ms`);
    assert.match(expectation(report, 'syn-sent-after-linear-retries').observed, /timer:\(on,\d+ms,5\)$/);

    // Counters for the whole run: 2 + 5 SYNs resent, two failed active opens.
    assert.equal(report.counters.TcpExtTCPSynRetrans, 7);
    assert.equal(report.counters.TcpAttemptFails, 2);

    // The sampler: each client sat in SYN-SENT until it vanished; the server never saw a SYN.
    const clients = report.timeline.filter((t) => t.role === 'client');
    assert.equal(clients.filter((t) => t.to === 'SYN-SENT').length, 2);
    assert.equal(clients.filter((t) => t.from === 'SYN-SENT' && t.to === 'CLOSED').length, 2);
    assert.ok(!report.timeline.some((t) => t.role === 'server'));
  });
});
