// The lab screen's panes as data: what each draws from the runner's events, cut to the
// rows it is given. (The real-kernel runs in tui-app.test.tsx show them live.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arrowsFor, impliedSegments } from '../checker/implied-segments.ts';
import { addPoint, type Series, sparkline } from '../checker/series.ts';
import type { ObservedSocket, Transition } from '../checker/timeline.ts';
import { type Side, sidesOf } from '../labs/kit/lab.ts';
import { loadLab } from '../labs/kit/registry.ts';
import { allocateRows } from '../tui/layout.ts';
import { resolveLearnerPath } from '../tui/learner-path.ts';
import { countersLines } from '../tui/panes/counters.ts';
import { socketTableLines } from '../tui/panes/socket-table.ts';
import { timelineLines } from '../tui/panes/timeline.ts';
import { verdictLines } from '../tui/panes/verdict.ts';
import { applyEvent, IDLE_VIEW, type RunView } from '../tui/run-view.ts';
import { lineText, lineWidth } from '../tui/styled-line.ts';

function socket(i: number, state: ObservedSocket['state'], role: 'server' | 'client'): ObservedSocket {
  const port = 40000 + i;
  const [local, peer] =
    role === 'server'
      ? [
          { address: '127.0.0.1', port: 8818 },
          { address: '127.0.0.1', port },
        ]
      : [
          { address: '127.0.0.1', port },
          { address: '127.0.0.1', port: 8818 },
        ];
  const side = `${local.address}:${local.port}>${peer.address}:${peer.port}`;
  return { state, recvQ: 0, sendQ: 0, local, peer, role, conn: `c${String(i).padStart(4, '0')}`, side };
}

const change = (
  tMs: number,
  role: string,
  from: Transition['from'],
  to: Transition['to'],
  conn = 'c1',
): Transition => ({
  tMs,
  conn,
  role,
  local: role === 'client' ? '127.0.0.1:40000' : '127.0.0.1:8818',
  peer: role === 'client' ? '127.0.0.1:8818' : '127.0.0.1:40000',
  from,
  to,
});

test('the socket table fits its rows and says how many more there are', () => {
  const sockets = Array.from({ length: 500 }, (_, i) => socket(i, i % 2 ? 'CLOSE-WAIT' : 'ESTAB', 'server'));
  const lines = socketTableLines(sockets, 100, 10);
  assert.equal(lines.length, 10);
  assert.match(lineText(lines[0] ?? []), /^role\s+local\s+peer\s+state\s+Recv-Q\/Send-Q\s+timer/);
  assert.equal(lineText(lines[9] ?? []), '+492 more');
  const leak = lines.find((line) => line.some((s) => s.text === 'CLOSE-WAIT'));
  assert.equal(leak?.find((s) => s.text === 'CLOSE-WAIT')?.tone, 'leak', 'a leak is drawn as a leak');
  for (const line of lines) assert.ok(lineWidth(line) <= 100);
});

test('a FIN and its ACK are each drawn once, whichever side implied them', () => {
  const arrows = arrowsFor([
    { side: 'client', transition: change(5, 'client', 'ESTAB', 'FIN-WAIT-2') },
    { side: 'server', transition: change(5, 'server', 'ESTAB', 'CLOSE-WAIT') },
  ]);
  assert.deepEqual(arrows, [
    { name: 'FIN', direction: 'to-server' },
    { name: 'ACK', direction: 'to-client' },
  ]);
  assert.deepEqual(impliedSegments({ from: null, to: 'ESTAB' }), [], 'first seen ESTAB: nothing is implied');
});

test('the timeline: client left, server right, arrows between, ms since start', () => {
  const view: RunView = [
    { type: 'sample', snapshot: { tMs: 10, sockets: [] }, transitions: [change(10, 'listener', null, 'LISTEN', 'l')] },
    {
      type: 'sample',
      snapshot: { tMs: 1171.4, sockets: [] },
      transitions: [change(1171.4, 'client', 'ESTAB', 'FIN-WAIT-2'), change(1171.4, 'server', 'ESTAB', 'CLOSE-WAIT')],
    },
    { type: 'event', event: { tMs: 1179, source: 'server', text: 'server: read EOF, and ignored it' } },
  ].reduce((v, e) => applyEvent(v, e as Parameters<typeof applyEvent>[1]), IDLE_VIEW);
  const lines = timelineLines(view, 70).map(lineText);
  assert.match(lines[0] ?? '', /^\s+ms client\s+server\s*$/);
  assert.match(lines[1] ?? '', /^\s+10\s+LISTEN\s*$/);
  assert.match(lines[2] ?? '', /^\s+1171 FIN-WAIT-2\s+─+ FIN ─+▶ CLOSE-WAIT\s*$/);
  assert.match(lines[3] ?? '', /^\s+◀─+ ACK ─+\s*$/);
  assert.match(lines[4] ?? '', /^\s+1179\s+server: read EOF, and ignored it$/, 'server output flush right');
  for (const line of timelineLines(view, 70)) assert.ok(lineWidth(line) <= 70);
});

test("the timeline draws each program in its declared side's column: keepalive's heartbeat on the left", async () => {
  const sides = sidesOf(await loadLab('keepalive'));
  assert.equal(sides.heartbeat, 'client');
  const start = { type: 'started', lab: 'keepalive', mode: 'demo', sandbox: 'userns', port: 8818, fast: true, sides };
  const view: RunView = [
    start,
    { type: 'event', event: { tMs: 5, source: 'heartbeat', text: 'heartbeat: no pong within 1500 ms' } },
    { type: 'event', event: { tMs: 6, source: 'server', text: 'server: accepted' } },
  ].reduce((v, e) => applyEvent(v, e as Parameters<typeof applyEvent>[1]), IDLE_VIEW);
  const lines = timelineLines(view, 70).map(lineText);
  assert.match(lines[1] ?? '', /^\s+5 heartbeat: no pong within 1500 ms\s*$/, 'the heartbeat starts at the left');
  assert.match(lines[2] ?? '', /^\s+6\s{20,}server: accepted$/, 'the server flush right');
});

test("attackers' sockets are drawn on the dialing side, observers' lines in the middle", async () => {
  const sides: Record<string, Side> = { ...sidesOf(await loadLab('syn-flood')), apply: 'observer' };
  assert.equal(sides.attacker, 'attacker');
  const start = { type: 'started', lab: 'syn-flood', mode: 'demo', sandbox: 'userns', port: 8818, fast: true, sides };
  const view: RunView = [
    start,
    { type: 'sample', snapshot: { tMs: 9, sockets: [] }, transitions: [change(9, 'attacker', null, 'SYN-SENT')] },
    { type: 'event', event: { tMs: 12, source: 'apply', text: 'apply: set 3 sysctls' } },
  ].reduce((v, e) => applyEvent(v, e as Parameters<typeof applyEvent>[1]), IDLE_VIEW);
  const lines = timelineLines(view, 70).map(lineText);
  assert.match(lines[1] ?? '', /^\s+9 SYN-SENT\s+─+ SYN ─+▶\s*$/, 'the attacker is in the client column');
  assert.match(lines[2] ?? '', /^\s+12\s{5,}apply: set 3 sysctls\s*$/, 'the observer in the middle');
});

test('many alike connections: the first three in full, then ×7 more like #3', () => {
  const events = Array.from({ length: 10 }, (_, i) => ({
    type: 'sample',
    snapshot: { tMs: 100 + i, sockets: [] },
    transitions: [
      change(100 + i, 'client', 'ESTAB', 'FIN-WAIT-2', `c${i}`),
      change(100 + i, 'server', 'ESTAB', 'CLOSE-WAIT', `c${i}`),
    ],
  }));
  const view = events.reduce((v, e) => applyEvent(v, e as Parameters<typeof applyEvent>[1]), IDLE_VIEW);
  const lines = timelineLines(view, 80).map(lineText);
  const drawn = lines.filter((line) => /FIN-WAIT-2/.test(line));
  assert.equal(drawn.length, 3, lines.join('\n'));
  assert.match(drawn[2] ?? '', /#3 FIN-WAIT-2/);
  assert.ok(
    lines.some((line) => line.trim() === '×7 more like #3'),
    lines.join('\n'),
  );
  for (const line of timelineLines(view, 80)) assert.ok(lineWidth(line) <= 80);
});

test('the verdict: each expectation, what was seen, the ss command; hints when a check failed', () => {
  const view: RunView = {
    ...IDLE_VIEW,
    status: 'fail',
    mode: 'check',
    elapsedMs: 1900,
    expectations: [
      {
        id: 'a',
        text: 'within 1 s the server side leaves CLOSE-WAIT',
        ok: false,
        observed: 'CLOSE-WAIT 127.0.0.1:8818',
        command: "ss -Htanop state close-wait 'sport = :8818'",
      },
    ],
    hints: ["call socket.end() on 'end'"],
  };
  const text = verdictLines(view, 60).map(lineText);
  assert.deepEqual(text, [
    ' FAIL  0/1 expectations held · 1.9 s · your server',
    '✗ within 1 s the server side leaves CLOSE-WAIT',
    '  saw: CLOSE-WAIT 127.0.0.1:8818',
    "  $ ss -Htanop state close-wait 'sport = :8818'",
    "hint: call socket.end() on 'end'",
  ]);
});

test('counters: only TCP counters that moved, with signed deltas, packed to the width', () => {
  const text = countersLines({ TcpActiveOpens: 1, IpInReceives: 9, TcpCurrEstab: -1, TcpExtListenDrops: 0 }, 40).map(
    lineText,
  );
  assert.deepEqual(text, ['TcpActiveOpens +1   TcpCurrEstab -1']);
  assert.match(lineText(countersLines(null, 40)[0] ?? []), /when the run ends/);
});

test('rows are shared exactly: minimums first, then wants in priority order, the rest to the flexible pane', () => {
  const rows = allocateRows(
    20,
    [
      { key: 'verdict', want: 14, min: 3 },
      { key: 'counters', want: 3, min: 2 },
      { key: 'timeline', want: 40, min: 3 },
    ],
    'timeline',
  );
  assert.deepEqual(rows, { verdict: 14, counters: 3, timeline: 3 });
  const roomy = allocateRows(
    30,
    [
      { key: 'verdict', want: 14, min: 3 },
      { key: 'timeline', want: 5, min: 3 },
    ],
    'timeline',
  );
  assert.deepEqual(roomy, { verdict: 14, timeline: 16 });
  const tight = allocateRows(5, [
    { key: 'a', want: 9, min: 3 },
    { key: 'b', want: 9, min: 3 },
  ]);
  assert.deepEqual(tight, { a: 5, b: 0 }, 'a pane that cannot get its minimum is left out');
});

test('a typed server path is read from where the learner ran npm, with ~ as home', () => {
  assert.equal(resolveLearnerPath('./my-server.ts', { INIT_CWD: '/home/a/work' }), '/home/a/work/my-server.ts');
  assert.equal(resolveLearnerPath(' "/tmp/x.ts" ', { INIT_CWD: '/home/a/work' }), '/tmp/x.ts');
  assert.ok(resolveLearnerPath('~/s.ts', {}).endsWith('/s.ts'));
  assert.equal(resolveLearnerPath('s.ts', {}), `${process.cwd()}/s.ts`);
});

test('captured segments are the arrows, numbered from each side’s ISN; no inferred arrows then', () => {
  const end = (port: number) => ({ address: '127.0.0.1', port });
  const packet = (tMs: number, from: number, to: number, flagText: string, seq: number | null, ack: number | null) => ({
    tMs,
    src: end(from),
    dst: end(to),
    flags: [
      ...(flagText.includes('S') ? ['SYN' as const] : []),
      ...(flagText.includes('F') ? ['FIN' as const] : []),
      ...(flagText.includes('.') ? ['ACK' as const] : []),
    ],
    flagText,
    seq,
    seqEnd: seq,
    ack,
    win: 65495,
    length: 0,
    options: [],
  });
  const events = [
    {
      type: 'started',
      lab: 'handshake',
      mode: 'demo',
      sandbox: 'userns',
      port: 8818,
      fast: true,
      sides: IDLE_VIEW.sides,
    },
    { type: 'packet', packet: packet(10, 40000, 8818, 'S', 1000, null) },
    { type: 'packet', packet: packet(11, 8818, 40000, 'S.', 5000, 1001) },
    { type: 'packet', packet: packet(12, 40000, 8818, '.', null, 5001) },
    { type: 'sample', snapshot: { tMs: 13, sockets: [] }, transitions: [change(13, 'client', 'SYN-SENT', 'ESTAB')] },
  ];
  const view = events.reduce((v, e) => applyEvent(v, e as Parameters<typeof applyEvent>[1]), IDLE_VIEW);
  const lines = timelineLines(view, 80).map(lineText);
  assert.match(lines[1] ?? '', /^\s+10\s+─+ SYN seq x ─+▶$/);
  assert.match(lines[2] ?? '', /^\s+11\s+◀─+ SYN\/ACK seq y ack x\+1 ─+$/);
  assert.match(lines[3] ?? '', /^\s+12\s+─+ ACK seq x\+1 ack y\+1 ─+▶$/);
  assert.match(lines[4] ?? '', /^\s+13 ESTAB\s*$/, 'the state change, without an inferred arrow');
});

test('a chart: the count of one state over the run as a sparkline, the peak full height', () => {
  const series: Series = {
    state: 'CLOSE-WAIT',
    role: 'server',
    points: [
      [0, 0],
      [100, 1],
      [200, 2],
      [300, 4],
      [400, 8],
    ],
  };
  assert.equal(sparkline(series, 8, 400), ' ▁▁▂▂▄▄█');
  assert.deepEqual(addPoint(series, 500, 8), series, 'no point when nothing changed');
});
