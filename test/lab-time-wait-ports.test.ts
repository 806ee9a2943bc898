// time-wait-ports on the real kernel: 50 local ports fill with TIME-WAIT and connect() fails
// with EADDRNOTAVAIL; keep-alive, a server that closes first and tcp_tw_reuse each get 200
// requests through; tcp_tw_reuse 0/1/2 on loopback, without timestamps and on a second host
// over veth (where the default 2 does not apply). The exercise: a keep-alive client passes,
// the connection-per-request starter fails.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const LAB = new URL('../labs/time-wait-ports/', import.meta.url).pathname;
const observed = (report: Awaited<ReturnType<typeof runFast>>, id: string) => expectation(report, id).observed;

describe('time-wait-ports', { skip: await unavailableHere('time-wait-ports') }, () => {
  it('passes: exhaustion, three fixes, and tcp_tw_reuse 0/1/2 here and on the second host', async () => {
    const report = await runFast('time-wait-ports');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    // The namespace's defaults, read rather than assumed.
    assert.equal(observed(report, 'reuse-default-2'), 'net.ipv4.tcp_tw_reuse = 2');
    assert.equal(observed(report, 'port-range-50'), 'net.ipv4.ip_local_port_range = 40000 40049');
    // Exhaustion: request 51 fails in connect(), 50 TIME-WAIT hold the 50 ports, no SYN for the rest.
    assert.match(
      observed(report, 'connect-eaddrnotavail'),
      /request 51 failed: connect EADDRNOTAVAIL 127\.0\.0\.1:8818/,
    );
    assert.equal(observed(report, 'client-time-wait-50'), '50 TIME-WAIT (ports 40000…40049)');
    assert.equal(observed(report, 'active-opens-50'), 'TcpActiveOpens +50');
    const syns = report.packets.filter(
      (p) => p.dst.address === '127.0.0.1' && p.dst.port === 8818 && p.flagText === 'S',
    );
    assert.ok(syns.length >= 50 && syns.length <= 53, `${syns.length} SYNs to 127.0.0.1:8818 (50 + the probes)`);
    // The trap, made visible: 0 refuses, 1 and 2 reuse on loopback; no timestamps, no reuse;
    // on the second host 2 refuses and 1 reuses.
    assert.equal(observed(report, 'reuse-0-refused'), '0 connected, 1 failed: EADDRNOTAVAIL');
    assert.equal(observed(report, 'reuse-1-recycled'), 'TcpExtTWRecycled +1');
    assert.equal(observed(report, 'reuse-2-recycled'), 'TcpExtTWRecycled +1');
    assert.equal(observed(report, 'no-timestamps-refused'), '0 connected, 1 failed: EADDRNOTAVAIL');
    assert.equal(observed(report, 'second-host-reuse-2-refused'), '0 connected, 1 failed: EADDRNOTAVAIL');
    assert.equal(observed(report, 'second-host-recycled'), 'TcpExtTWRecycled +1 on the second host');
    // The fixes, side by side.
    assert.match(observed(report, 'keep-alive-all-answered'), /200 answered, 0 failed; 1 connection from 1 local port/);
    assert.match(
      observed(report, 'server-closes-all-answered'),
      /200 answered, 0 failed; 200 connections from \d+ local ports/,
    );
    assert.equal(observed(report, 'server-closes-client-none'), '0 TIME-WAIT');
    assert.match(
      observed(report, 'tw-reuse-all-answered'),
      /200 answered, 0 failed; 200 connections from \d+ local ports/,
    );
    const recycled = Number(/\+(\d+)/.exec(observed(report, 'tw-reuse-recycled'))?.[1]);
    assert.ok(recycled >= 150, `TcpExtTWRecycled +${recycled}`);
    // The TIME-WAIT chart counted the client's pile-up.
    const peak = Math.max(...(report.series?.points ?? []).map(([, n]) => n));
    assert.ok(peak >= 50, `the chart peaked at ${peak}`);
  });

  it('no-port-exhaustion: a keep-alive client makes all 200 requests', async () => {
    const report = await runFast('time-wait-ports', {
      mode: 'check',
      exercise: 'no-port-exhaustion',
      learnerFile: path.join(LAB, 'exercise/no-port-exhaustion-solution.ts'),
    });
    assert.equal(report.verdict, 'pass', report.error ?? JSON.stringify(report.expectations, null, 2));
    assert.match(observed(report, 'server-answered-all'), /answered 200 requests on 1 connections/);
    assert.match(observed(report, 'ports-to-spare'), /^1 TIME-WAIT/);
  });

  it('no-port-exhaustion: the connection-per-request starter fails, out of ports, with the hint', async () => {
    const report = await runFast('time-wait-ports', {
      mode: 'check',
      exercise: 'no-port-exhaustion',
      learnerFile: path.join(LAB, 'exercise/no-port-exhaustion-starter.ts'),
    });
    assert.equal(report.verdict, 'fail', report.error ?? '');
    assert.equal(expectation(report, 'server-answered-all').ok, false);
    assert.match(observed(report, 'ports-to-spare'), /^50 TIME-WAIT/);
    assert.match(report.hints[0] ?? '', /ran out of local ports/);
  });
});
