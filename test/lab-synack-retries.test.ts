// synack-retries on the real kernel: the client's final ACK is dropped; the server's request
// sits in SYN-RECV while its SYN/ACK is resent, then vanishes; the client, still ESTAB,
// meets a RST with its first request. Then a second client loses only its first ACK, and the
// next SYN/ACK repairs the handshake.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasFlag, isSyn, isSynAck, type Packet } from '../checker/packets.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const PORT = 8818;

function number(observed: string, pattern: RegExp): number {
  const match = pattern.exec(observed);
  assert.ok(match, `${pattern} not in: ${observed}`);
  return Number(match[1]);
}

describe('synack-retries', { skip: await unavailableHere('synack-retries') }, () => {
  it('passes: SYN-RECV with SYN/ACKs 1 s then 2 s apart, dropped after ≈ 7 s, then a RST; one lost ACK is repaired in 1 s', async () => {
    const report = await runFast('synack-retries');
    assert.equal(report.verdict, 'pass', report.error ?? '');

    // ss -o on the server side: a request with its timer and retransmission count.
    // (A late look may see a later count; it always matches the SYN/ACKs on the wire by then.)
    for (const [id, waitedFor] of [
      ['server-syn-recv', 1],
      ['syn-recv-after-first-retry', 2],
      ['syn-recv-after-second-retry', 3],
    ] as const) {
      const observed = expectation(report, id).observed;
      const match = /^SYN-RECV 127\.0\.0\.1:8818 .* timer:\(on,\d+ms,(\d+)\); (\d+) SYN\/ACK copies on the wire$/.exec(
        observed,
      );
      assert.ok(match, `${id}: ${observed}`);
      const [count, copies] = [Number(match[1]), Number(match[2])];
      assert.ok(count >= waitedFor - 1 && (copies === count + 1 || copies === count + 2), `${id}: ${observed}`);
    }
    assert.match(expectation(report, 'accept-queue-empty').observed, /^LISTEN Recv-Q 0 /);
    const livedMs = number(expectation(report, 'request-lived-7s').observed, /took (\d+) ms/);
    // Polling sees the drop late, never early; the timer's third expiry is the drop.
    assert.ok(livedMs >= 6900, `request lived ${livedMs} ms`);
    assert.match(expectation(report, 'request-timer-expired-3-times').observed, /TcpExtTCPTimeouts \+3$/);

    // The wire: three copies of one SYN/ACK, 1 s then 2 s apart, each answered by the client.
    const [first, second] = [
      ...new Set(report.packets.filter((p) => isSyn(p) && p.dst.port === PORT).map((p) => p.src.port)),
    ];
    const of = (client: number | undefined) =>
      report.packets.filter((p) => p.src.port === client || p.dst.port === client);
    const packets: readonly Packet[] = of(first);
    const synAcks = packets.filter((p) => isSynAck(p) && p.src.port === PORT);
    assert.equal(synAcks.length, 3);
    assert.equal(new Set(synAcks.map((p) => p.seq)).size, 1);
    const [a, b, c] = synAcks as [Packet, Packet, Packet];
    assert.ok(b.tMs - a.tMs >= 950 && b.tMs - a.tMs <= 1250, `first gap ${b.tMs - a.tMs} ms`);
    assert.ok(c.tMs - b.tMs >= 1950 && c.tMs - b.tMs <= 2250, `second gap ${c.tMs - b.tMs} ms`);
    const bareAcks = packets.filter((p) => p.dst.port === PORT && p.flagText === '.' && p.length === 0);
    assert.equal(bareAcks.length, 3);
    // After the request was dropped: the client's data, and the server's RST.
    const request = packets.find((p) => p.dst.port === PORT && p.length > 0);
    assert.ok(request, 'no request in the capture');
    assert.ok(packets.some((p) => p.src.port === PORT && hasFlag(p, 'RST') && p.tMs >= request.tMs));

    // The second client: one SYN/ACK resent 1 s later, its ACK arrived, the server accepted.
    const repaired = of(second);
    const repairs = repaired.filter((p) => isSynAck(p) && p.src.port === PORT);
    assert.ok(repairs.length >= 2, `second client's SYN/ACKs: ${repairs.length}`);
    const gap = (repairs[1] as Packet).tMs - (repairs[0] as Packet).tMs;
    assert.ok(gap >= 950 && gap <= 1250, `repair gap ${gap} ms`);
    assert.ok(report.events.some((e) => e.source === 'server' && new RegExp(`accepted .*:${second}$`).test(e.text)));
    assert.match(expectation(report, 'one-lost-ack-repaired').observed, /^\d SYN\/ACKs .* client ACKs, the last/);

    // Counters: the SYN/ACKs resent, the client's challenge ACKs (one repaired the second), the RST.
    assert.equal(report.counters.TcpExtTCPSynRetrans, 3);
    assert.equal(report.counters.TcpExtTCPSYNChallenge, 3);
    assert.ok((report.counters.TcpOutRsts ?? 0) >= 1);

    // The sampler: the client ESTAB at once, the server's request came and went unaccepted;
    // the second client's request became a connection.
    const server = report.timeline.filter((t) => t.role === 'server');
    const firstServer = server.filter((t) => t.peer.endsWith(`:${first}`));
    assert.ok(firstServer.some((t) => t.to === 'SYN-RECV'));
    assert.ok(firstServer.some((t) => t.from === 'SYN-RECV' && t.to === 'CLOSED'));
    assert.ok(!firstServer.some((t) => t.to === 'ESTAB'));
    assert.ok(server.some((t) => t.peer.endsWith(`:${second}`) && t.to === 'ESTAB'));
    assert.ok(report.timeline.some((t) => t.role === 'client' && t.to === 'ESTAB'));
    assert.ok(report.events.some((e) => e.source === 'client' && /ECONNRESET/.test(e.text)));
    assert.ok(!report.events.some((e) => e.source === 'server' && new RegExp(`accepted .*:${first}$`).test(e.text)));
  });
});
