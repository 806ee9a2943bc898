// The tcplabs command: JSON shapes, help, and bad input (one line, exit 2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tcplabs } from './helpers.ts';

describe('tcplabs list', () => {
  it('prints every lab as JSON with the stable fields', async () => {
    const result = await tcplabs(['list', '--json']);
    assert.equal(result.exitCode, 0, result.stderr);
    const labs = JSON.parse(result.stdout);
    const ids = labs.map((lab: { id: string }) => lab.id);
    for (const id of ['close-wait-leak', 'close-wait-fixed', 'time-wait-active-closer', 'half-close']) {
      assert.ok(ids.includes(id), `${id} missing from ${ids}`);
    }
    for (const lab of labs) {
      assert.deepEqual(
        Object.keys(lab).filter((k) => k !== 'why'),
        ['id', 'title', 'topic', 'seed', 'needs', 'available'],
      );
      assert.equal(typeof lab.available, 'boolean');
    }
  });

  it('groups labs by topic in text', async () => {
    const result = await tcplabs(['list']);
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /^Teardown\n {2}close-wait-leak/m);
  });
});

describe('tcplabs doctor', () => {
  it('reports the machine as JSON', async () => {
    const result = await tcplabs(['doctor', '--json']);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(report), ['os', 'kernel', 'node', 'sandbox', 'tools', 'problems']);
    assert.equal(report.tools.ss.ok, true);
    assert.ok(['userns', 'netns', 'host'].includes(report.sandbox));
    assert.equal(result.exitCode, report.problems.length === 0 ? 0 : 1);
  });
});

describe('bad input: one line on stderr, exit 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['run', 'no-such-lab'], /unknown lab "no-such-lab"; the labs are: close-wait-leak/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['run'], /run needs a lab id/],
    [['run', 'close-wait-leak', '--bogus'], /Unknown option '--bogus'/],
    [['check', 'close-wait-leak'], /check needs your program: --server <file>/],
    [['watch'], /--port must be a whole number from 1 to 65535/],
    [['watch', '--port', '70000'], /--port must be a whole number/],
    [['run', 'close-wait-leak', '--sandbox', 'vm'], /--sandbox must be one of userns, netns, host/],
  ];
  for (const [args, message] of cases) {
    it(`tcplabs ${args.join(' ')}`, async () => {
      const result = await tcplabs(args);
      assert.equal(result.exitCode, 2);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, message);
    });
  }

  it('an unknown lab is an error object with --json', async () => {
    const result = await tcplabs(['run', 'nope', '--json']);
    assert.equal(result.exitCode, 2);
    assert.equal(JSON.parse(result.stdout).verdict, 'error');
  });

  it('a forced sandbox that does not exist is refused', async () => {
    const result = await tcplabs(['run', 'close-wait-leak'], { env: { TCPLABS_SANDBOX: 'jail' } });
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /TCPLABS_SANDBOX must be one of userns, netns, host/);
  });
});

describe('help', () => {
  it('has --help for the program and every command', async () => {
    for (const args of [
      ['--help'],
      ['run', '--help'],
      ['check', '--help'],
      ['watch', '--help'],
      ['doctor', '--help'],
      ['list', '--help'],
    ]) {
      const result = await tcplabs(args);
      assert.equal(result.exitCode, 0, args.join(' '));
      assert.match(result.stdout, /Usage:/);
    }
  });

  it('without a terminal and without a command, lists the labs and how to run them headless', async () => {
    const result = await tcplabs([]);
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /close-wait-leak/);
    assert.match(result.stdout, /tcplabs run <lab>/);
  });
});
