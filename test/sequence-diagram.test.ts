// The sequence diagram, drawn from tcpdump lines recorded on this kernel, and the text
// report that prints it (or says why there is no packet view).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type Packet, parseTcpdumpLine } from '../checker/packets.ts';
import { renderSequenceDiagram, symbolic } from '../checker/sequence-diagram.ts';
import type { RunReport } from '../checker/verdict.ts';
import { formatSummary } from '../cli/text-report.ts';
import { FIXTURES } from './helpers.ts';

function recorded(name: string): Packet[] {
  const lines = readFileSync(`${FIXTURES}tcpdump/${name}`, 'utf8').split('\n');
  const start = Number((lines[0] as string).split(' ')[0]) * 1000;
  return lines.map((line) => parseTcpdumpLine(line, start)).filter((packet) => packet !== null);
}

/** The lines that draw a segment, reduced to direction and label. */
function arrows(lines: readonly string[]): string[] {
  return lines
    .filter((line) => /[▶◀]/.test(line))
    .map((line) => {
      const drawn = line.slice(line.indexOf('│') + 1, line.lastIndexOf('│'));
      const label = drawn.replace(/[─▶◀]/g, '').trim();
      return drawn.includes('▶') ? `→ ${label}` : `← ${label}`;
    });
}

describe('renderSequenceDiagram', () => {
  it('draws the session with the client on the left and relative numbers on the arrows', () => {
    const lines = renderSequenceDiagram(recorded('ipv4-session.txt'), { serverPorts: [8818] });
    assert.match(lines[0] as string, /^\s+client 127\.0\.0\.1:54562\s+server 127\.0\.0\.1:8818$/);
    assert.match(lines[1] as string, /x = 235977444, y = 2377216530/);
    assert.deepEqual(arrows(lines), [
      '→ SYN seq=x',
      '← SYN/ACK seq=y ack=x+1',
      '→ ACK (seq=x+1) ack=y+1',
      '→ PSH/ACK seq=x+1:x+16 ack=y+1',
      '← ACK (seq=y+1) ack=x+16',
      '← PSH/ACK seq=y+1:y+11 ack=x+16',
      '→ ACK (seq=x+16) ack=y+11',
      '→ FIN/ACK seq=x+16 ack=y+11',
      '← ACK (seq=y+11) ack=x+17',
      '← FIN/ACK seq=y+11 ack=x+17',
      '→ ACK (seq=x+17) ack=y+12',
    ]);
    assert.ok(lines.some((line) => line.includes('the client sent the first FIN')));
  });

  it('keeps the absolute numbers and the options beside each arrow', () => {
    const lines = renderSequenceDiagram(recorded('ipv4-session.txt'), { serverPorts: [8818] });
    const synAck = lines.find((line) => line.includes('SYN/ACK')) as string;
    assert.match(synAck, /│ {2}seq 2377216530 ack 235977445 win 65483 \[mss 65495,sackOK,wscale 10\]$/);
    assert.ok(!synAck.includes('TS val'), 'timestamps are left out');
    const data = lines.find((line) => line.includes('PSH/ACK seq=x+1')) as string;
    assert.match(data, /seq 235977445:235977460 ack 2377216531 len 15$/);
    const bareAck = lines.find((line) => line.includes('ACK (seq=x+1)')) as string;
    assert.match(bareAck, /\(seq 235977445\) ack 2377216531$/);
  });

  it('lines the columns up and shows a silence on its own line', () => {
    const lines = renderSequenceDiagram(recorded('synack-held.txt'), { serverPorts: [8818] });
    const drawn = lines.filter((line) => line.includes('│'));
    const left = new Set(drawn.map((line) => line.indexOf('│')));
    const right = new Set(drawn.map((line) => line.lastIndexOf('│')));
    assert.equal(left.size, 1, 'one client column');
    assert.equal(right.size, 1, 'one server column');
    const header = lines[0] as string;
    assert.equal(header.indexOf('client'), [...left][0], 'the client name sits on its column');
    assert.equal(header.length - 1, [...right][0], 'the server name ends on its column');
    const gap = lines.findIndex((line) => /·· 1\.\d{3} s ··/.test(line));
    assert.ok(gap > 0, 'the 1 s the SYN/ACK was held shows');
    assert.match(lines[gap + 1] as string, /SYN\/ACK seq=y ack=x\+1/);
  });

  it('marks the retransmitted SYN, the second SYN/ACK and the duplicate ACK', () => {
    const lines = renderSequenceDiagram(recorded('synack-held.txt'), { serverPorts: [8818] });
    assert.deepEqual(arrows(lines).slice(0, 6), [
      '→ SYN seq=x',
      '← SYN/ACK seq=y ack=x+1',
      '→ SYN seq=x',
      '→ ACK (seq=x+1) ack=y+1',
      '← SYN/ACK seq=y ack=x+1',
      '→ ACK (seq=x+1) ack=y+1',
    ]);
    const segments = lines.filter((line) => /[▶◀]/.test(line));
    assert.match(segments[2] as string, / retransmission$/);
    assert.match(segments[4] as string, / retransmission$/);
    assert.match(segments[5] as string, / duplicate ACK$/);
  });

  it('draws IPv6, TFO options, resets and one block per connection', () => {
    const v6 = renderSequenceDiagram(recorded('ipv6-session.txt'), { serverPorts: [8818] });
    assert.match(v6[0] as string, /client \[::1\]:48862\s+server \[::1\]:8818/);
    const tfo = renderSequenceDiagram(recorded('tfo.txt'), { serverPorts: [8821] });
    assert.equal(tfo.filter((line) => /^\s+client /.test(line)).length, 4);
    assert.ok(tfo.some((line) => /SYN seq=x .*tfo cookiereq\]$/.test(line)));
    assert.ok(tfo.some((line) => /SYN seq=x:x\+78 .*len 78 .*tfo cookie [0-9a-f]{16}/.test(line)));
    const rst = renderSequenceDiagram(recorded('rst.txt'));
    assert.ok(arrows(rst).includes('← RST/ACK seq=0 ack=x+1'), 'no y for a refused connection: absolute seq');
    assert.equal(rst.filter((line) => line.includes('reset the connection (RST)')).length, 2);
  });

  it('folds connections that did the same: the first three in full, then ×7 more like #3', () => {
    const session = recorded('ipv4-session.txt');
    const client = session[0]?.src.port as number;
    // The same recorded connection ten times over, each from its own client port.
    const many = Array.from({ length: 10 }, (_, i) =>
      session.map((p) => {
        const moved = (end: Packet['src']) => (end.port === client ? { ...end, port: 40000 + i } : end);
        return { ...p, tMs: p.tMs + i * 1000, src: moved(p.src), dst: moved(p.dst) };
      }),
    ).flat();
    const lines = renderSequenceDiagram(many, { serverPorts: [8818] });
    const heads = lines.filter((line) => /^\s+client /.test(line));
    assert.equal(heads.length, 3, 'three drawn in full');
    assert.match(heads[2] as string, /client 127\.0\.0\.1:40002\s+server 127\.0\.0\.1:8818\s+#3$/);
    assert.ok(
      lines.some((line) => line.trim() === '×7 more like #3'),
      lines.join('\n'),
    );
  });

  it('finds the server from the SYN when no port is given', () => {
    const lines = renderSequenceDiagram(recorded('ipv4-session.txt'));
    assert.match(lines[0] as string, /client 127\.0\.0\.1:54562\s+server 127\.0\.0\.1:8818/);
  });

  it('stops after maxPackets and says how many it left out', () => {
    const packets = recorded('tfo.txt');
    const lines = renderSequenceDiagram(packets, { serverPorts: [8821], maxPackets: 12 });
    assert.equal(arrows(lines).length, 12);
    const left = `… ${packets.length - 12} more segments (2 more connections): every one is in --json (packets)`;
    assert.ok(lines.includes(left), lines.join('\n'));
  });

  it('draws nothing for no packets', () => {
    assert.deepEqual(renderSequenceDiagram([]), []);
  });

  it('writes relative numbers as x, x+1 and wraps below zero', () => {
    assert.equal(symbolic('x', 0), 'x');
    assert.equal(symbolic('y', 1), 'y+1');
    assert.equal(symbolic('x', 2 ** 32 - 1), 'x-1');
  });
});

describe('the text report', () => {
  const report: RunReport = {
    lab: 'handshake',
    lang: 'en',
    mode: 'demo',
    verdict: 'pass',
    sandbox: 'userns',
    startedAtMs: 0,
    durationMs: 3000,
    observedUntilMs: 3000,
    expectations: [{ id: 'a', text: 'a', ok: true, observed: 'a', command: null }],
    timeline: [],
    timelineSource: 'wire+poll',
    timelineDoubts: [],
    counters: {},
    series: null,
    error: null,
    fast: true,
    port: 8818,
    steps: [],
    events: [],
    exercise: null,
    hints: [],
    packets: [],
    predictions: [],
    packetViewMissing: null,
  };
  const plain = (_: unknown, text: string) => text;

  it('prints the diagram under its heading when the lab captured', () => {
    const text = formatSummary({ ...report, packets: recorded('ipv4-session.txt') }, plain);
    const lines = text.split('\n');
    const heading = lines.indexOf('Packets (tcpdump inside the sandbox):');
    assert.ok(heading >= 0, text);
    assert.match(lines[heading + 1] as string, /^ {3}\s+client 127\.0\.0\.1:54562/);
    assert.equal(lines.filter((line) => /[▶◀]/.test(line)).length, 11);
  });

  it('says why there is no packet view, and nothing when the lab did not capture', () => {
    const missing = formatSummary(
      { ...report, packetViewMissing: 'tcpdump is missing: sudo apt-get install tcpdump' },
      plain,
    );
    assert.match(missing, /^Packets: no packet view: tcpdump is missing: sudo apt-get install tcpdump$/m);
    assert.ok(!formatSummary(report, plain).includes('Packets'));
  });
});
