// Progress per user in the XDG state directory: saved after each pass or fail, read back
// by the next session; a corrupt or unwritable file is reported once and never crashes.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ProgressStore, progressFilePath } from '../labs/kit/progress.ts';
import { type Harness, renderApp, tempProgressFile } from './tui-harness.tsx';

const open: Harness[] = [];
after(() => {
  for (const harness of open) harness.unmount();
});

test('the file lives in $XDG_STATE_HOME/tcplabs, else ~/.local/state/tcplabs', () => {
  assert.equal(progressFilePath({ XDG_STATE_HOME: '/srv/state', HOME: '/home/a' }), '/srv/state/tcplabs/progress.json');
  // The XDG spec: a relative path in the variable is invalid and ignored.
  assert.equal(
    progressFilePath({ XDG_STATE_HOME: 'state', HOME: '/home/a' }),
    '/home/a/.local/state/tcplabs/progress.json',
  );
  assert.equal(progressFilePath({ HOME: '/home/a' }), '/home/a/.local/state/tcplabs/progress.json');
});

test('a pass and a fail are saved and read back; an error or a stopped run is not recorded', () => {
  const file = tempProgressFile();
  const store = new ProgressStore(file);
  assert.equal(store.problem, null, 'a missing file is not a problem');
  assert.equal(store.status('close-wait-leak'), 'not run');
  store.record('close-wait-leak', 'demo', 'pass');
  store.record('half-close', 'demo', 'fail');
  store.record('close-wait-leak', 'check', 'fail');
  store.record('time-wait-active-closer', 'demo', 'error');
  store.record('close-wait-fixed', 'demo', 'fail', { stopped: true });
  const again = new ProgressStore(file);
  assert.equal(again.status('close-wait-leak'), 'passed');
  assert.equal(again.entry('close-wait-leak').check?.verdict, 'fail');
  assert.equal(again.status('half-close'), 'failed');
  assert.equal(again.status('time-wait-active-closer'), 'not run');
  assert.equal(again.status('close-wait-fixed'), 'not run');
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).version, 1);
});

test('a corrupt file is reported (once), the session goes on, and the next result replaces it', () => {
  for (const garbage of ['{"labs": {"close-wait', '[1, 2, 3]', '{"labs": "nope"}']) {
    const file = tempProgressFile(garbage);
    const store = new ProgressStore(file);
    assert.match(store.problem ?? '', /corrupt/, garbage);
    assert.ok(store.problem?.includes(file));
    assert.equal(store.status('close-wait-leak'), 'not run');
    store.record('close-wait-leak', 'demo', 'pass');
    assert.equal(new ProgressStore(file).status('close-wait-leak'), 'passed');
  }
  // Entries of the wrong shape are dropped, the good ones kept.
  const mixed = tempProgressFile({
    labs: { a: { run: { verdict: 'pass', at: 'x' } }, b: { run: { verdict: 'maybe' } }, c: 7 },
  });
  const store = new ProgressStore(mixed);
  assert.equal(store.problem, null);
  assert.equal(store.status('a'), 'passed');
  assert.equal(store.status('b'), 'not run');
});

test('an unwritable file is reported once; later failures do not pile up', () => {
  // A regular file where the directory should be: mkdir fails, even for root.
  const file = tempProgressFile();
  const store = new ProgressStore(file);
  assert.equal(store.problem, null);
  writeFileSync(path.dirname(file), '');
  store.record('close-wait-leak', 'demo', 'pass');
  const first = store.problem;
  assert.match(first ?? '', /cannot save progress to .*progress\.json \((EEXIST|ENOTDIR)\); .*this session only/);
  assert.equal(store.status('close-wait-leak'), 'passed', 'kept in memory');
  store.record('half-close', 'demo', 'fail');
  assert.equal(store.problem, first, 'the first problem stands; the second is not reported again');
});

test('an unreadable file is reported, and a later failure to save is not reported again', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-tui-'));
  const blocker = path.join(dir, 'not-a-dir');
  writeFileSync(blocker, '');
  const store = new ProgressStore(path.join(blocker, 'tcplabs', 'progress.json'));
  const first = store.problem;
  assert.match(first ?? '', /cannot read progress .*ENOTDIR/);
  store.record('close-wait-leak', 'demo', 'pass');
  assert.equal(store.problem, first);
});

test('the app shows a corrupt progress file on the home screen, once, and still lists the labs', async () => {
  const ui = await renderApp({ progressFile: tempProgressFile('not json at all') });
  open.push(ui);
  const frame = await ui.waitFor('Teardown');
  assert.equal(frame.split('is corrupt').length - 1, 1);
  assert.match(frame, /close-wait-leak\s+· not run/);
});
