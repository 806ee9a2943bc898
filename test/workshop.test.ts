// Workshops: an agenda of labs checked against the labs there are, printed without a
// terminal, and in the UI the home screen that takes a room through it, each lab opening in
// the modes its item asks for.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseAgenda } from '../cli/agenda.ts';
import { labIds } from '../labs/kit/registry.ts';
import { tcplabs } from './helpers.ts';
import { type Harness, KEYS, renderApp } from './tui-harness.tsx';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-workshop-'));
const open: Harness[] = [];
after(async () => {
  for (const ui of open) {
    await ui.tracker.stopAll();
    ui.unmount();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('tcplabs workshop', () => {
  it('the shipped 90-minute teardown agenda holds together, and prints without a terminal', async () => {
    const result = await tcplabs(['workshop', 'workshops/tcp-teardown-90.json']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^TCP teardown: who closes, who waits, and what leaks \(90 min\)$/m);
    assert.match(result.stdout, /^ {2}1\. close-wait-leak\s+15 min, step mode, predictions$/m);
    assert.match(result.stdout, /no terminal here: open it in one/);
  });

  it('an agenda naming a lab that does not exist: one line, exit 2', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ title: 'x', labs: [{ lab: 'close-wait-leak' }, { lab: 'no-such-lab' }] }));
    const result = await tcplabs(['workshop', file]);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /^tcplabs: .*bad\.json: item 2: unknown lab "no-such-lab"; the labs are: /);
    const missing = await tcplabs(['workshop', path.join(dir, 'none.json')]);
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /none\.json: no such file/);
  });

  it('in the UI: the agenda in order; a lab opens in its item’s modes', async () => {
    const agenda = parseAgenda(
      JSON.stringify({
        title: 'A short one',
        labs: [
          { lab: 'half-close', minutes: 5 },
          { lab: 'close-wait-leak', step: true, predict: true, minutes: 10, note: 'ask first' },
        ],
      }),
      labIds(),
    );
    const ui = await renderApp({ props: { agenda } });
    open.push(ui);
    const frame = await ui.waitFor('Workshop: A short one');
    assert.match(frame, /15 min · 0\/2 done/);
    assert.ok(frame.indexOf('half-close') < frame.indexOf('close-wait-leak'), 'in the agenda’s order');
    ui.press('j');
    await ui.waitFor(/› 2\. close-wait-leak/);
    ui.press(KEYS.enter);
    const lab = await ui.waitFor(/tcplabs › close-wait-leak/);
    assert.match(lab, /step mode on · predict on/);
  });
});
