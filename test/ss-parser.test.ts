// The ss parser on recorded output: IPv4, IPv6, mapped addresses, every timer form, the
// process column, single-state output without a State column, and ragged spacing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { countByState, countStatesInSsOutput } from '../checker/census.ts';
import { parseEndpoint, parseSsDuration, parseSsLine, parseSsOutput, parseSsUsers } from '../checker/ss.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseSsOutput', () => {
  it('reads a mixed table with a header, listeners, IPv6 and mapped addresses', () => {
    const rows = parseSsOutput(fixture('ss-mixed.txt'));
    assert.equal(rows.length, 8);
    assert.deepEqual(
      rows.map((r) => r.state),
      ['LISTEN', 'FIN-WAIT-2', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSE-WAIT', 'LISTEN', 'TIME-WAIT', 'TIME-WAIT'],
    );
    assert.deepEqual(rows[0]?.local, { address: '127.0.0.1', port: 8818 });
    assert.deepEqual(rows[0]?.peer, { address: '0.0.0.0', port: 0 });
    assert.deepEqual(rows[5]?.local, { address: '*', port: 9000 });
    assert.deepEqual(rows[6]?.local, { address: '::ffff:127.0.0.1', port: 9000 });
    assert.deepEqual(rows[7]?.peer, { address: '::1', port: 43262 });
    assert.equal(rows[4]?.recvQ, 1);
    assert.deepEqual(rows[4]?.processes, [
      { name: 'node', pid: 3, fd: 25 },
      { name: 'node', pid: 7, fd: 25 },
    ]);
    assert.deepEqual(rows[2]?.timer, { name: 'timewait', expiresMs: 59_000, retrans: 0 });
    assert.equal(rows[2]?.processes, undefined);
  });

  it('takes the state from the command when ss drops the State column', () => {
    const rows = parseSsOutput(fixture('ss-single-state.txt'), 'CLOSE-WAIT');
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.state === 'CLOSE-WAIT' && r.local.port === 8818));
    assert.throws(() => parseSsOutput(fixture('ss-single-state.txt')), /no state/);
  });

  it('reads every timer form and ignores -e extras', () => {
    const rows = parseSsOutput(fixture('ss-timers.txt'));
    assert.deepEqual(
      rows.map((r) => r.timer?.expiresMs),
      [404, 89_000, 7_140_000, 3_200, undefined],
    );
    assert.deepEqual(rows[3]?.timer, { name: 'on', expiresMs: 3200, retrans: 2 });
    assert.equal(rows[4]?.recvQ, 4097);
    assert.equal(rows[4]?.sendQ, 4096);
    assert.deepEqual(rows[4]?.processes, [{ name: 'my server', pid: 812, fd: 6 }]);
    assert.deepEqual(rows[4]?.local, { address: '::', port: 443 });
  });

  it('folds ss -i detail lines into their socket', () => {
    const rows = parseSsOutput(
      'ESTAB 0 0 127.0.0.1:1 127.0.0.1:2\n\t cubic wscale:7,7 rto:204 bytes_received:5000 segs_in:9\n',
    );
    assert.equal(rows[0]?.info?.bytes_received, '5000');
    assert.equal(rows[0]?.info?.cubic, '');
  });
});

describe('pieces', () => {
  it('parses ss durations', () => {
    assert.equal(parseSsDuration('59sec'), 59_000);
    assert.equal(parseSsDuration('404ms'), 404);
    assert.equal(parseSsDuration('9.536ms'), 9_536);
    assert.equal(parseSsDuration('1min29sec'), 89_000);
    assert.equal(parseSsDuration('119min'), 7_140_000);
    assert.throws(() => parseSsDuration('soon'));
  });

  it('parses endpoints', () => {
    assert.deepEqual(parseEndpoint('[::1]:8818'), { address: '::1', port: 8818 });
    assert.deepEqual(parseEndpoint('[fe80::1%lo]:22'), { address: 'fe80::1', port: 22 });
    assert.deepEqual(parseEndpoint('0.0.0.0:*'), { address: '0.0.0.0', port: 0 });
    assert.throws(() => parseEndpoint('nonsense'));
    assert.throws(() => parseEndpoint('1.2.3.4:99999'));
  });

  it('parses a users field with escaped quotes', () => {
    assert.deepEqual(parseSsUsers('users:(("we\\"ird",pid=1,fd=2))'), [{ name: 'we\\"ird', pid: 1, fd: 2 }]);
  });

  it('returns null for the header and rejects garbage', () => {
    assert.equal(parseSsLine('State Recv-Q Send-Q Local Address:Port Peer Address:Port Process'), null);
    assert.throws(() => parseSsLine('ESTAB 0'), /too few/);
    assert.throws(() => parseSsLine('ESTAB x y 1.1.1.1:1 2.2.2.2:2'), /queue/);
  });
});

describe('countStatesInSsOutput', () => {
  it('counts the same states as the full parser', () => {
    const text = readFileSync(new URL('./fixtures/ss-mixed.txt', import.meta.url), 'utf8')
      .split('\n')
      .slice(1)
      .join('\n');
    assert.deepEqual(countStatesInSsOutput(text), countByState(parseSsOutput(text)));
    assert.deepEqual(countStatesInSsOutput(text), { LISTEN: 2, 'FIN-WAIT-2': 2, 'CLOSE-WAIT': 2, 'TIME-WAIT': 2 });
  });

  it('refuses output whose lines do not start with a state', () => {
    assert.throws(() => countStatesInSsOutput('0      0      127.0.0.1:8818 127.0.0.1:43394\n'), /not a state/);
  });
});
