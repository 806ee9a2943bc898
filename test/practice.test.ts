// The loop a self-paced learner lives in, through the real CLI on the real kernel: take a
// starter, check it (hints tied to what failed), fix it, check again with --watch, see the
// reference solution and the lesson after a pass, and find it all in `tcplabs progress`.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { execa } from 'execa';
import { BIN, FIXTURES, TEST_STATE, tcplabs, waitGone } from './helpers.ts';

const here = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-practice-'));
after(() => rmSync(here, { recursive: true, force: true }));
const learner = (name: string) => `${FIXTURES}learner/${name}`;

describe('tcplabs exercise', () => {
  it('writes the starter where you stand, prints the task and the check, never overwrites', async () => {
    const first = await tcplabs(['exercise', 'close-wait-leak'], { env: { INIT_CWD: here } });
    assert.equal(first.exitCode, 0, first.stderr);
    const file = path.join(here, 'close-wait-leak-close-on-eof.ts');
    assert.match(readFileSync(file, 'utf8'), /TASK/);
    assert.match(first.stdout, /check it: npx tcplabs check close-wait-leak --server close-wait-leak-close-on-eof\.ts/);
    const again = await tcplabs(['exercise', 'close-wait-leak'], { env: { INIT_CWD: here } });
    assert.equal(again.exitCode, 2);
    assert.match(again.stderr, /exists; keep working on it, or --force to start again/);
    const forced = await tcplabs(['exercise', 'close-wait-leak', '--force', '--json'], { env: { INIT_CWD: here } });
    assert.equal(forced.exitCode, 0, forced.stderr);
    assert.equal(JSON.parse(forced.stdout).exercise, 'close-on-eof');
  });

  it('an unknown exercise or a lab without one: exit 2, one line', async () => {
    const none = await tcplabs(['exercise', 'sysctl-audit'], { env: { INIT_CWD: here } });
    assert.equal(none.exitCode, 2);
    assert.match(none.stderr, /^tcplabs: lab sysctl-audit has no exercise$/);
    const wrong = await tcplabs(['exercise', 'close-wait-leak', '--exercise', 'nope'], { env: { INIT_CWD: here } });
    assert.equal(wrong.exitCode, 2);
    assert.match(wrong.stderr, /has no exercise "nope"; its exercises: close-on-eof/);
  });
});

describe('check: hints, grading files, progress', () => {
  it('a failed check shows the hint of what failed with what the kernel showed; --hint N shows N', async () => {
    const junit = path.join(here, 'junit.xml');
    const tap = path.join(here, 'check.tap');
    const args = ['check', 'close-wait-leak', '--server', learner('leaky-server.ts'), '--fast'];
    const one = await tcplabs([...args, '--junit', junit, '--tap', tap]);
    assert.equal(one.exitCode, 1, one.stderr);
    const hints = one.stdout.split('\n').filter((line) => line.startsWith('hint: '));
    assert.equal(hints.length, 1, one.stdout);
    assert.match(hints[0] as string, /still CLOSE-WAIT 1 s after the client's FIN.*\(the kernel showed: 1 CLOSE-WAIT/);
    assert.match(one.stdout, /\d more hints?: --hint 2/);
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /<testcase classname="close-wait-leak\/close-on-eof" name="server-left-close-wait: /);
    assert.match(xml, /<failure message="1 CLOSE-WAIT: /);
    assert.match(readFileSync(tap, 'utf8'), /^not ok \d+ - server-left-close-wait: /m);
    const three = await tcplabs([...args, '--hint', '3']);
    assert.equal(three.stdout.split('\n').filter((line) => line.startsWith('hint: ')).length, 3);
  });

  it('after a pass: the reference solution, --diff, the lesson section; progress remembers it all', async () => {
    const pass = await tcplabs([
      'check',
      'close-wait-leak',
      '--server',
      learner('fixed-server.ts'),
      '--fast',
      '--diff',
    ]);
    assert.equal(pass.exitCode, 0, pass.stderr);
    assert.match(pass.stdout, /reference solution: .*labs\/close-wait-leak\/exercise\/close-on-eof-solution\.ts/);
    assert.match(pass.stdout, /^[-+]{3} /m, 'a unified diff against the solution');
    assert.match(pass.stdout, /why it works \(from the lesson\):/);
    const progress = await tcplabs(['progress', '--json']);
    assert.equal(progress.exitCode, 0, progress.stderr);
    const saved = JSON.parse(progress.stdout);
    assert.equal(saved.file, path.join(TEST_STATE, 'tcplabs', 'progress.json'));
    const exercise = saved.labs['close-wait-leak'].exercises['close-on-eof'];
    assert.equal(exercise.verdict, 'pass');
    assert.ok(exercise.passedAt, 'the first pass is dated');
    assert.equal(exercise.hintsUsed, 3, 'the most hints any check of it showed');
    const text = await tcplabs(['progress']);
    assert.match(text.stdout, /exercise close-on-eof\s+passed \d{4}-\d\d-\d\d, last check pass .*hints used 3/);
  });
});

/** The learner file's processes, once there are any (polled with a deadline, not a sleep). */
async function learnerPids(file: string): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await execa('pgrep', ['-f', file], { reject: false })).stdout.split('\n').filter(Boolean);
    if (found.length > 0 || Date.now() > deadline) return found.map(Number);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('check --watch', () => {
  it('checks, re-checks on save and says what changed; Ctrl-C mid-run leaves nothing behind', async () => {
    const file = path.join(here, 'watched-server.ts');
    copyFileSync(learner('leaky-server.ts'), file);
    const watch = execa(process.execPath, [BIN, 'check', 'close-wait-leak', '--server', file, '--fast', '--watch'], {
      reject: false,
      env: { NO_COLOR: '1', XDG_STATE_HOME: TEST_STATE },
    });
    let out = '';
    watch.stdout?.on('data', (chunk) => {
      out += chunk;
    });
    /** Resolves once the output so far matches (polled on each chunk, not slept on). */
    const seen = (re: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (re.test(out)) {
            watch.stdout?.off('data', check);
            resolve();
          }
        };
        watch.stdout?.on('data', check);
        watch.once('exit', () => reject(new Error(`exited before ${re}:\n${out}`)));
        check();
      });
    await seen(/FAIL {2}close-wait-leak[\s\S]*watching /);
    writeFileSync(file, readFileSync(learner('fixed-server.ts')));
    await seen(/verdict: fail → pass/);
    // The change lines may arrive in a later chunk than the verdict's: wait for them too.
    await seen(/now holds: within 1 s of the client's FIN, no server-side socket on :8818 is CLOSE-WAIT/);
    // A save, then Ctrl-C while that check runs: the run stops, and its processes go.
    writeFileSync(file, readFileSync(learner('leaky-server.ts')));
    await seen(/(checking your program in the[\s\S]*){3}/);
    const pids = await learnerPids(file);
    assert.ok(pids.length > 0, 'the third check is running the learner file');
    watch.kill('SIGINT');
    const result = await watch;
    assert.equal(result.exitCode, 130);
    assert.deepEqual(await waitGone(pids), []);
    const ps = await execa('ps', ['-eo', 'args']);
    assert.ok(!String(ps.stdout).includes(file), `still running: ${file}`);
  });
});
