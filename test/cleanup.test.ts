// Nothing survives a run: SIGINT, SIGTERM or SIGKILL of tcplabs mid-lab leaves no process
// behind (the lab's programs, nsenter wrappers, the namespace's first process), per ps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { descendantPids } from '../labs/kit/procfs.ts';
import { BIN, stillRunning, waitGone } from './helpers.ts';

async function startMidLab() {
  // Full speed (no --fast): the client waits 3 s before closing, so we catch it mid-run.
  const cli = execa(process.execPath, [BIN, 'run', 'close-wait-leak'], {
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1' },
    buffer: false,
  });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    cli.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('client: connected')) resolve();
    });
    void cli.then(() => reject(new Error(`tcplabs ended early:\n${seen}`)));
  });
  const pids = descendantPids(cli.pid as number);
  const names = await execa('ps', ['-o', 'comm=', '-p', pids.join(',')]);
  return { cli, pids, names: String(names.stdout).split('\n'), output: () => seen };
}

describe('no process survives tcplabs', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    it(`when tcplabs gets ${signal} mid-lab`, async () => {
      const { cli, pids, names } = await startMidLab();
      // The lab really is running: unshare, the sandbox's agent, the server and the client.
      assert.ok(names.filter((name) => name === 'node').length >= 3, names.join(' '));
      assert.ok(names.includes('unshare'), names.join(' '));
      cli.kill(signal);
      const result = await cli;
      if (signal === 'SIGKILL') assert.equal(result.signal, 'SIGKILL');
      else assert.equal(result.exitCode, signal === 'SIGINT' ? 130 : 143);
      assert.deepEqual(await waitGone(pids), [], `left running: ${(await stillRunning(pids)).join(', ')}`);
    });
  }
});
