// `tcplabs check`: a learner's server judged on the real kernel, and every way a learner's
// file can go wrong reported as one clear line with exit 2.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { expectation, FIXTURES, runFast, tcplabs } from './helpers.ts';

const learner = (name: string) => `${FIXTURES}learner/${name}`;

describe('check close-wait-leak', () => {
  it('passes a fixed server (TypeScript)', async () => {
    const report = await runFast('close-wait-leak', { mode: 'check', learnerFile: learner('fixed-server.ts') });
    assert.equal(report.verdict, 'pass', JSON.stringify(report.expectations));
    assert.equal(report.mode, 'check');
    assert.match(expectation(report, 'client-time-wait').observed, /^TIME-WAIT/);
  });

  it("passes a plain .mjs server that relies on Node's default", async () => {
    const report = await runFast('close-wait-fixed', { mode: 'check', learnerFile: learner('default-half-open.mjs') });
    assert.equal(report.verdict, 'pass', JSON.stringify(report.expectations));
  });

  it('fails the leaking server and says what the kernel showed', async () => {
    const report = await runFast('close-wait-leak', { mode: 'check', learnerFile: learner('leaky-server.ts') });
    assert.equal(report.verdict, 'fail');
    const left = expectation(report, 'server-left-close-wait');
    assert.equal(left.ok, false);
    assert.match(left.observed, /^1 CLOSE-WAIT: CLOSE-WAIT 127\.0\.0\.1:8818/);
    assert.match(expectation(report, 'client-time-wait').observed, /FIN-WAIT-2/);
    assert.ok(report.hints.length > 0);
  });

  it('fails a server that closes only after the grace time', async () => {
    const report = await runFast('close-wait-leak', { mode: 'check', learnerFile: learner('late-closer.ts') });
    assert.equal(report.verdict, 'fail');
    assert.equal(expectation(report, 'server-left-close-wait').ok, false);
  });

  it('exits 0 with PASS through the CLI, and 1 with FAIL', async () => {
    const pass = await tcplabs(['check', 'close-wait-leak', '--server', learner('fixed-server.ts'), '--fast']);
    assert.equal(pass.exitCode, 0, pass.stderr);
    assert.match(pass.stdout, /PASS {2}close-wait-leak/);
    const fail = await tcplabs([
      'check',
      'close-wait-leak',
      '--server',
      learner('leaky-server.ts'),
      '--fast',
      '--json',
    ]);
    assert.equal(fail.exitCode, 1, fail.stderr);
    const report = JSON.parse(fail.stdout);
    assert.equal(report.verdict, 'fail');
    assert.equal(report.mode, 'check');
  });
});

describe('check errors: one line, exit 2, nothing left running', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a missing file', learner('no-such-file.ts'), /no-such-file\.ts: no such file/],
    ['a file that crashes at start', learner('crashes.ts'), /exited with code 1 before listening[\s\S]*boom/],
    ['a file that never listens', learner('never-listens.ts'), /never listened on 127\.0\.0\.1:8818 within [\d.]+ s/],
    [
      'a file that listens on another port',
      learner('wrong-port.ts'),
      /listens on 127\.0\.0\.1:8819, not on 127\.0\.0\.1:8818/,
    ],
    ['a file that hangs in a busy loop', learner('busy-loop.ts'), /hangs: it used [\d.]+ s of CPU/],
  ];
  for (const [what, file, message] of cases) {
    it(`reports ${what}`, async () => {
      const result = await tcplabs(['check', 'close-wait-leak', '--server', file, '--fast']);
      assert.equal(result.exitCode, 2, result.stdout);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(`${lines[0]}\n${result.stdout}`, message);
      const ps = await execa('ps', ['-eo', 'args']);
      assert.ok(!String(ps.stdout).includes(file), `still running: ${file}`);
    });
  }

  it('reports errors in JSON too', async () => {
    const result = await tcplabs(['check', 'close-wait-leak', '--server', learner('crashes.ts'), '--json']);
    assert.equal(result.exitCode, 2);
    const report = JSON.parse(result.stdout);
    assert.equal(report.verdict, 'error');
    assert.match(report.error, /exited with code 1 before listening/);
  });

  it('refuses a lab without an exercise', async () => {
    const result = await tcplabs(['check', 'sysctl-audit', '--server', learner('fixed-server.ts')]);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /has no exercise/);
  });
});
