// fast-open on the real kernel: curl's first SYN asks for a cookie, the next carries it and
// the request; a rotated server key gets the data refused and resent. Plus the Fast Open
// option as read from tcpdump lines recorded on this kernel (fixtures/tcpdump-tfo/record.sh).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fastOpenCookie, fastOpenOption, hasFlag, type Packet, parseTcpdumpLine } from '../checker/packets.ts';
import { expectation, FIXTURES, runFast, unavailableHere } from './helpers.ts';

const PORT = 8818;
const PLAIN_PORT = 8819;

const isSyn = (p: Packet) => p.flagText === 'S';
const isSynAck = (p: Packet) => p.flagText === 'S.';
const tfo = (p: Packet) => p.options.filter((option) => /^(exp-)?tfo /.test(option));

describe('Fast Open option in tcpdump lines', () => {
  const packets = readFileSync(`${FIXTURES}tcpdump-tfo/tfo.txt`, 'utf8')
    .split('\n')
    .map((line) => parseTcpdumpLine(line))
    .filter((p): p is Packet => p !== null);
  const syns = packets.filter(isSyn);
  const synAcks = packets.filter(isSynAck);

  it('reads cookie requests, in the RFC and the experimental form', () => {
    assert.deepEqual(fastOpenOption(syns[0] as Packet), { kind: 'cookie-request', experimental: false });
    // The listener on :8819 ignored the request; the client's next SYN there tried exp-tfo.
    assert.deepEqual(fastOpenOption(syns[1] as Packet), { kind: 'cookie-request', experimental: true });
    assert.equal(fastOpenOption(synAcks[0] as Packet), null);
    assert.equal(fastOpenCookie(syns[0] as Packet), null);
  });

  it('reads cookies, and the SYN that carries data next to one', () => {
    const granted = fastOpenCookie(synAcks[2] as Packet);
    assert.match(granted ?? '', /^[0-9a-f]{16}$/);
    const withData = syns[3] as Packet;
    assert.equal(fastOpenCookie(withData), granted);
    assert.ok(withData.length > 0 && withData.seqEnd === (withData.seq as number) + withData.length);
    // The refused stale cookie: a different cookie comes back and only the SYN is acknowledged.
    const refused = synAcks[4] as Packet;
    assert.notEqual(fastOpenCookie(refused), granted);
    assert.equal(refused.ack, (syns[4]?.seq as number) + 1);
  });
});

describe('fast-open', { skip: await unavailableHere('fast-open') }, () => {
  it('passes: cookie request, data in the SYN, stale cookie refused and the request resent, a black hole counted at the third timeout', async () => {
    const report = await runFast('fast-open');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    const syns = report.packets.filter((p) => isSyn(p) && p.dst.port === PORT);
    const synAckTo = (syn: Packet) =>
      report.packets.find((p) => isSynAck(p) && p.src.port === PORT && p.dst.port === syn.src.port) as Packet;
    assert.equal(syns.length, 4, 'four connections to :8818');
    const [first, second, stale, held] = syns as [Packet, Packet, Packet, Packet];

    // The listener started under tcp_fastopen=3 was asked and gave no cookie.
    const plainSyn = report.packets.find((p) => isSyn(p) && p.dst.port === PLAIN_PORT) as Packet;
    assert.deepEqual(tfo(plainSyn), ['tfo cookiereq']);
    const plainSynAck = report.packets.find((p) => isSynAck(p) && p.src.port === PLAIN_PORT) as Packet;
    assert.deepEqual(tfo(plainSynAck), []);

    // 1: cookie request, no data; the cookie comes back; the request follows the handshake.
    assert.deepEqual(tfo(first), ['tfo cookiereq']);
    assert.equal(first.length, 0);
    const cookie = /^tfo cookie ([0-9a-f]+)$/.exec(tfo(synAckTo(first))[0] ?? '')?.[1];
    assert.ok(cookie, `no cookie in ${JSON.stringify(synAckTo(first))}`);
    const request = report.packets.find((p) => p.src.port === first.src.port && p.length > 0) as Packet;
    assert.ok(!request.flags.includes('SYN') && request.seq === (first.seq as number) + 1);
    assert.ok(report.packets.indexOf(request) > report.packets.indexOf(synAckTo(first)));

    // 2: the cookie and the same request ride in the SYN; the SYN/ACK acknowledges them.
    assert.deepEqual(tfo(second), [`tfo cookie ${cookie}`]);
    assert.equal(second.length, request.length);
    assert.equal(synAckTo(second).ack, (second.seqEnd as number) + 1);
    assert.ok(!report.packets.some((p) => p.src.port === second.src.port && !isSyn(p) && p.length > 0));

    // 3: the stale cookie is refused: only the SYN acknowledged, a new cookie, the data resent.
    assert.deepEqual(tfo(stale), [`tfo cookie ${cookie}`]);
    const refusal = synAckTo(stale);
    assert.equal(refusal.ack, (stale.seq as number) + 1);
    const fresh = /^tfo cookie ([0-9a-f]+)$/.exec(tfo(refusal)[0] ?? '')?.[1];
    assert.ok(fresh && fresh !== cookie);
    const resent = report.packets.find((p) => p.src.port === stale.src.port && !isSyn(p) && p.length > 0) as Packet;
    assert.equal(resent.seq, (stale.seq as number) + 1);
    assert.equal(resent.length, stale.length);

    // What the client's cookie cache and ss showed.
    assert.doesNotMatch(expectation(report, 'plain-nothing-cached').observed, /fo_cookie/);
    assert.match(expectation(report, 'first-cookie-cached').observed, new RegExp(`fo_cookie ${cookie}`));
    assert.match(expectation(report, 'stale-new-cookie-cached').observed, new RegExp(`fo_cookie ${fresh}`));
    assert.match(
      expectation(report, 'second-fastopen-mark').observed,
      /^client: .* — fastopen; server: .* — fastopen$/,
    );
    assert.doesNotMatch(expectation(report, 'first-no-fastopen-mark').observed, /— fastopen\b/);

    // The counters over the whole run: the held connection's SYN carried data too (Active and
    // Passive +2). ActiveFail: the refused cookie, and the FIN held to its third timeout (the
    // black-hole check), which switched nothing off (the namespace's timeout is 0, unset).
    assert.equal(report.counters.TcpExtTCPFastOpenCookieReqd, 2);
    assert.equal(report.counters.TcpExtTCPFastOpenPassive, 2);
    assert.equal(report.counters.TcpExtTCPFastOpenActive, 2);
    assert.equal(report.counters.TcpExtTCPFastOpenPassiveFail, 1);
    assert.equal(report.counters.TcpExtTCPFastOpenActiveFail, 2);
    assert.equal(report.counters.TcpExtTCPFastOpenBlackhole ?? 0, 0);
    assert.match(expectation(report, 'blackhole-timeout-default').observed, /= 0$/);

    // The held FIN, from the capture: a probe ≈ 200 ms after it, then timeouts that double;
    // the detector counted only at the third timeout (the fifth copy).
    const heldFins = report.packets.filter((p) => p.src.port === held.src.port && hasFlag(p, 'FIN'));
    assert.ok(heldFins.length >= 5, `held FIN copies: ${heldFins.length}`);
    const finGaps = heldFins.slice(1, 5).map((p, i) => p.tMs - (heldFins[i] as Packet).tMs);
    assert.ok(
      finGaps.every((gap, i) => gap >= (i < 2 ? 190 : 190 * 2 ** (i - 1))),
      `FIN gaps ${finGaps.join(', ')}`,
    );

    // Each held connection closed cleanly once its FIN was let through.
    for (const syn of [first, second]) {
      assert.ok(
        report.timeline.some(
          (t) => t.role === 'client' && t.local.endsWith(`:${syn.src.port}`) && t.to === 'TIME-WAIT',
        ),
        `client :${syn.src.port} never reached TIME-WAIT`,
      );
    }
    // The servers report the tcp_fastopen value their listen() saw.
    const serverLines = report.events
      .filter((e) => e.source === 'server' || e.source === 'plain-server')
      .map((e) => e.text);
    assert.ok(serverLines.some((line) => line.includes(`:${PLAIN_PORT} with net.ipv4.tcp_fastopen=0x3`)));
    assert.ok(serverLines.some((line) => line.includes(`:${PORT} with net.ipv4.tcp_fastopen=0x403`)));
  });
});
