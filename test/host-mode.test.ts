// The host fallback (no namespaces): labs run on the host loopback on a free port, labs that
// need a namespace are unavailable with the fix, and nothing survives the run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { availability } from '../labs/kit/availability.ts';
import { descendantPids } from '../labs/kit/procfs.ts';
import { findTool } from '../labs/kit/tools.ts';
import { BIN, expectation, runFast, waitGone } from './helpers.ts';

describe('host sandbox', () => {
  it('runs close-wait-leak on a free host port and passes', async () => {
    const report = await runFast('close-wait-leak', { sandbox: 'host' });
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.equal(report.sandbox, 'host');
    assert.notEqual(report.port, 8818);
    assert.match(
      expectation(report, 'server-close-wait').observed,
      new RegExp(`^CLOSE-WAIT 127\\.0\\.0\\.1:${report.port} `),
    );
  });

  it('marks labs that need sysctls, nft or tcpdump unavailable, with the fix', () => {
    const blocked = { mode: 'host' as const, why: 'AppArmor blocks it', fix: 'sudo sysctl -w x=0' };
    const needsSysctl = availability({ sysctls: { 'net.ipv4.tcp_syncookies': 0 } }, blocked);
    assert.equal(needsSysctl.available, false);
    assert.match(
      needsSysctl.why ?? '',
      /needs a network namespace for sysctls, but AppArmor blocks it \(fix: sudo sysctl -w x=0\)/,
    );
    assert.equal(availability({ nft: true }, blocked).available, false);
    assert.equal(availability({}, blocked).available, true);
    // In a namespace, nft is a matter of the tool being installed.
    assert.equal(availability({ nft: true }, { mode: 'userns' }).available, findTool('nft') !== null);
  });

  it('leaves no process behind when tcplabs is killed with SIGKILL', async () => {
    const cli = execa(process.execPath, [BIN, 'run', 'close-wait-leak'], {
      reject: false,
      buffer: false,
      env: { TCPLABS_SANDBOX: 'host', NO_COLOR: '1' },
    });
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      cli.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('client: connected')) resolve();
      });
      void cli.then(() => reject(new Error(seen)));
    });
    const pids = descendantPids(cli.pid as number);
    assert.ok(pids.length >= 2, `expected the server and client under tcplabs, got ${pids}`);
    cli.kill('SIGKILL');
    await cli;
    assert.deepEqual(await waitGone(pids), []);
  });
});

describe('netns sandbox (root, where user namespaces are blocked)', () => {
  const notRoot = process.getuid?.() !== 0;
  it('runs close-wait-leak in a plain network + pid namespace', {
    skip: notRoot ? 'the netns fallback needs root; run the tests as root to cover it' : false,
  }, async () => {
    const report = await runFast('close-wait-leak', { sandbox: 'netns' });
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.equal(report.sandbox, 'netns');
    assert.equal(report.port, 8818);
  });
});
