// The /proc/net/tcp reader on recorded tables (the same sockets as ss-mixed.txt).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { counterDeltas, parseCounterFile } from '../checker/counters.ts';
import { parseProcNetTcp } from '../checker/procnet.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseProcNetTcp', () => {
  it('decodes IPv4 addresses, states, queues and timers', () => {
    const rows = parseProcNetTcp(fixture('proc-net-tcp.txt'), 4);
    assert.deepEqual(
      rows.map((r) => r.state),
      ['LISTEN', 'FIN-WAIT-2', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSE-WAIT'],
    );
    assert.deepEqual(rows[1]?.local, { address: '127.0.0.1', port: 43380 });
    assert.deepEqual(rows[1]?.peer, { address: '127.0.0.1', port: 8818 });
    assert.deepEqual(rows[1]?.timer, { name: 'keepalive', expiresMs: 9_490, retrans: 0 });
    // An orphaned FIN-WAIT-2 lives on as a time-wait socket with the timewait timer.
    assert.equal(rows[2]?.timer?.name, 'timewait');
    assert.equal(rows[4]?.recvQ, 1);
  });

  it('decodes IPv6, unspecified and v4-mapped addresses', () => {
    const rows = parseProcNetTcp(fixture('proc-net-tcp6.txt'), 6);
    assert.deepEqual(rows[0]?.local, { address: '::', port: 9000 });
    assert.deepEqual(rows[1]?.local, { address: '::ffff:127.0.0.1', port: 9000 });
    assert.deepEqual(rows[2]?.peer, { address: '::1', port: 43262 });
    assert.equal(rows[2]?.state, 'TIME-WAIT');
  });
});

describe('counters', () => {
  it('names counters like nstat and computes deltas', () => {
    const netstat = parseCounterFile(fixture('proc-net-netstat.txt'));
    const snmp = parseCounterFile(fixture('proc-net-snmp.txt'));
    assert.equal(typeof netstat.TcpExtListenOverflows, 'number');
    assert.equal(typeof netstat.TcpExtSyncookiesSent, 'number');
    assert.equal(typeof snmp.TcpActiveOpens, 'number');
    assert.deepEqual(counterDeltas({ A: 1, B: 5 }, { A: 4, B: 5, C: 2 }), { A: 3, C: 2 });
  });
});

describe('parseProcNetTcp edge cases', () => {
  it('reads a timer that is already due (a 16-digit negative tick count)', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:A974 0100007F:2272 02 00000001:00000000 01:FFFFFFFFFFFFFFFE 00000003     0        0 8187 2 00000000b1409a29 20 0 0 12 -1',
      '   1: 0100007F:A975 0100007F:2272 01 00000000:00000000 00:00000000 00000000     0        0 8188 1 00000000b1409a30 20 0 0 12 -1',
    ].join('\n');
    const rows = parseProcNetTcp(text, 4);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0]?.timer, { name: 'on', expiresMs: 0, retrans: 3 });
    assert.equal(rows[0]?.state, 'SYN-SENT');
    assert.equal(rows[0]?.sendQ, 1);
    assert.equal(rows[1]?.timer, undefined);
  });

  it('ignores a header-only table', () => {
    assert.deepEqual(parseProcNetTcp('  sl  local_address rem_address   st\n', 4), []);
  });
});
