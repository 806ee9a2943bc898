// The tcpdump parser and the connection helpers, on lines recorded from this kernel
// (test/fixtures/tcpdump/record.sh made them, in a network namespace, for real).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  fastOpenOption,
  flagName,
  isSyn,
  isSynAck,
  numberConnection,
  type Packet,
  parseTcpdumpEndpoint,
  parseTcpdumpLine,
  seqDistance,
  splitConnections,
  tcpdumpArgs,
} from '../checker/packets.ts';
import { FIXTURES } from './helpers.ts';

/** A fixture's segments, with times relative to its first line. */
function recorded(name: string): Packet[] {
  const lines = readFileSync(`${FIXTURES}tcpdump/${name}`, 'utf8').split('\n');
  const start = Number((lines[0] as string).split(' ')[0]) * 1000;
  return lines.map((line) => parseTcpdumpLine(line, start)).filter((packet) => packet !== null);
}

describe('parseTcpdumpLine', () => {
  it('reads a SYN with its options (IPv4)', () => {
    const [syn] = recorded('ipv4-session.txt');
    assert.ok(syn);
    assert.deepEqual(syn.src, { address: '127.0.0.1', port: 54562 });
    assert.deepEqual(syn.dst, { address: '127.0.0.1', port: 8818 });
    assert.deepEqual(syn.flags, ['SYN']);
    assert.equal(syn.flagText, 'S');
    assert.equal(syn.seq, 235977444);
    assert.equal(syn.seqEnd, 235977444);
    assert.equal(syn.ack, null);
    assert.equal(syn.win, 65495);
    assert.equal(syn.length, 0);
    assert.equal(syn.tMs, 0);
    assert.deepEqual(syn.options, ['mss 65495', 'sackOK', 'TS val 3261694426 ecr 0', 'wscale 10']);
  });

  it('reads SYN/ACK, a bare ACK without seq, data as seq a:b, and FIN/ACK', () => {
    const [, synAck, ack, data, , , , fin] = recorded('ipv4-session.txt');
    assert.deepEqual(synAck?.flags, ['SYN', 'ACK']);
    assert.equal(synAck?.ack, 235977445);
    assert.equal(ack?.flagText, '.');
    assert.equal(ack?.seq, null, 'tcpdump prints no seq on a bare ACK');
    assert.equal(ack?.ack, (synAck?.seq as number) + 1);
    assert.deepEqual(data?.flags, ['PSH', 'ACK']);
    assert.equal(data?.seq, 235977445);
    assert.equal(data?.seqEnd, 235977460);
    assert.equal(data?.length, 15);
    assert.deepEqual(fin?.flags, ['FIN', 'ACK']);
    assert.equal(fin?.flagText, 'F.');
  });

  it('reads IPv6 endpoints', () => {
    const [syn, synAck] = recorded('ipv6-session.txt');
    assert.deepEqual(syn?.src, { address: '::1', port: 48862 });
    assert.deepEqual(synAck?.src, { address: '::1', port: 8818 });
    assert.equal(syn?.options[0], 'mss 65476', 'IPv6 headers leave 20 bytes less for the MSS');
  });

  it('reads RST: a reset with data unread, and a refused connection (seq 0, no options)', () => {
    const packets = recorded('rst.txt');
    const resets = packets.filter((p) => p.flags.includes('RST'));
    assert.equal(resets.length, 2);
    assert.deepEqual(resets[0]?.flags, ['RST', 'ACK']);
    const refused = resets[1] as Packet;
    assert.equal(refused.seq, 0);
    assert.equal(refused.win, 0);
    assert.deepEqual(refused.options, []);
    assert.equal(refused.ack, (packets.at(-2)?.seq as number) + 1, 'the RST acknowledges the SYN it refuses');
  });

  it('reads TCP Fast Open: cookie request, cookie, and data in the SYN', () => {
    const packets = recorded('tfo.txt');
    const syns = packets.filter(isSyn);
    assert.equal(syns.length, 4, 'two connections over IPv4, two over IPv6');
    assert.ok(syns[0]?.options.includes('tfo cookiereq'), 'the double space tcpdump prints is folded');
    assert.deepEqual(fastOpenOption(syns[0] as Packet), { kind: 'cookie-request', experimental: false });
    const cookie = fastOpenOption(packets.find(isSynAck) as Packet);
    assert.equal(cookie?.kind, 'cookie');
    assert.match(cookie?.kind === 'cookie' ? cookie.cookie : '', /^[0-9a-f]{16}$/);
    const withData = syns[1] as Packet;
    assert.deepEqual(fastOpenOption(withData), cookie, 'the second SYN presents the cookie it was given');
    assert.equal(withData.length, 78);
    assert.equal((withData.seqEnd as number) - (withData.seq as number), 78);
    assert.equal(fastOpenOption(packets[2] as Packet), null);
  });

  it('ignores lines that are not TCP segments', () => {
    assert.equal(parseTcpdumpLine(''), null);
    assert.equal(parseTcpdumpLine('listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes'), null);
    assert.equal(parseTcpdumpLine('1795459316.6 ARP, Request who-has 127.0.0.2 tell 127.0.0.1, length 28'), null);
  });

  it('splits endpoints at the last dot and builds the capture argv', () => {
    assert.deepEqual(parseTcpdumpEndpoint('::ffff:127.0.0.1.8818'), { address: '::ffff:127.0.0.1', port: 8818 });
    assert.throws(() => parseTcpdumpEndpoint('localhost'));
    assert.deepEqual(tcpdumpArgs(['tcp', 'port', '8818']).slice(-3), ['tcp', 'port', '8818']);
    assert.ok(tcpdumpArgs().includes('-S'), 'absolute sequence numbers, as on the wire');
  });
});

describe('connections and relative numbers', () => {
  it('names flags the way people say them', () => {
    const names = recorded('ipv4-session.txt').map(flagName);
    assert.deepEqual(names.slice(0, 4), ['SYN', 'SYN/ACK', 'ACK', 'PSH/ACK']);
    assert.ok(names.includes('FIN/ACK'));
    assert.equal(flagName(recorded('rst.txt').at(-1) as Packet), 'RST/ACK');
  });

  it('splits a capture into connections and finds the server by port or by SYN', () => {
    const packets = recorded('rst.txt');
    const byPort = splitConnections(packets, [8820]);
    assert.equal(byPort.length, 2);
    assert.equal(byPort[0]?.server.port, 8820);
    assert.equal(byPort[1]?.server.port, 8899, 'no port given for it: the SYN went to the server');
    assert.equal(byPort[1]?.serverIsn, null, 'a refused connection has no server ISN');
    const fromServerFirst = splitConnections(packets.slice(1, 6), [8820]);
    assert.equal(fromServerFirst[0]?.server.port, 8820, 'the server port decides even when the SYN is missing');
    assert.equal(fromServerFirst[0]?.clientIsn, null);
  });

  it('numbers a session the textbook way: x, x+1, y, y+1', () => {
    const [connection] = splitConnections(recorded('ipv4-session.txt'), [8818]);
    assert.ok(connection);
    const numbered = numberConnection(connection);
    const [syn, synAck, ack, data] = numbered;
    assert.equal(syn?.relSeq, 0);
    assert.equal(synAck?.relSeq, 0);
    assert.equal(synAck?.relAck, 1, 'SYN/ACK acknowledges x+1');
    assert.equal(ack?.relAck, 1, 'the third segment acknowledges y+1');
    assert.equal(ack?.impliedSeq, connection.clientIsn === null ? null : connection.clientIsn + 1);
    assert.equal(ack?.relSeq, 1, 'the bare ACK sits at x+1');
    assert.equal(data?.relSeq, 1, 'the first data byte is x+1: the SYN used one number');
    assert.equal(data?.relSeqEnd, 16);
    const fins = numbered.filter((n) => n.packet.flags.includes('FIN'));
    const lastAck = numbered.at(-1);
    assert.equal(lastAck?.relAck, (fins[1]?.relSeq as number) + 1, 'the last ACK acknowledges the FIN: one more');
    assert.ok(numbered.every((n) => !n.retransmission && !n.duplicateAck));
  });

  it('marks retransmissions and duplicate ACKs (the held SYN/ACK)', () => {
    const [connection] = splitConnections(recorded('synack-held.txt'), [8818]);
    assert.ok(connection);
    const numbered = numberConnection(connection);
    const marks = numbered.map(
      (n) => `${flagName(n.packet)}${n.retransmission ? ' retransmission' : ''}${n.duplicateAck ? ' dup' : ''}`,
    );
    assert.deepEqual(marks.slice(0, 6), [
      'SYN',
      'SYN/ACK',
      'SYN retransmission',
      'ACK',
      'SYN/ACK retransmission',
      'ACK dup',
    ]);
  });

  it('measures sequence distance modulo 2^32', () => {
    assert.equal(seqDistance(10, 11), 1);
    assert.equal(seqDistance(4294967295, 0), 1);
    assert.equal(seqDistance(11, 10), 4294967295);
  });
});
