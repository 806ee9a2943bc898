// The interview screen: `i` on home lists the questions; Esc and b go back. A walkthrough
// through the real runner: pick who-holds-time-wait, type an answer, and the model answer
// that follows quotes a number the run itself observed; the answer is in the progress file.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { RunReport } from '../checker/verdict.ts';
import { runLab } from '../labs/kit/runner.ts';
import type { Runner } from '../tui/lab-session.ts';
import { appsStoppedAfter, type Harness, KEYS, lineWith, tempProgressFile } from './tui-harness.tsx';

const app = appsStoppedAfter();

const HOME = 'TCP socket states on a real Linux kernel';
const QUESTION = 'who-holds-time-wait';

/** The highlighted question's id. */
const highlighted = (frame: string) => lineWith(frame, '›')?.trim().split(/\s+/)[1];

/** From home: open the questions, walk the highlight to `id`, pick it; the answer prompt shows. */
async function pick(ui: Harness, id: string): Promise<void> {
  await ui.waitFor(HOME);
  ui.press('i');
  let frame = await ui.waitFor(id);
  for (let moves = 0; highlighted(frame) !== id; moves++) {
    assert.ok(moves < 40, `never reached ${id}:\n${frame}`);
    const before = highlighted(frame);
    ui.press(KEYS.down);
    frame = await ui.waitFor((f) => highlighted(f) !== before);
  }
  ui.press(KEYS.enter);
  await ui.waitFor('Your answer');
}

describe('interview screen', () => {
  test('i opens the questions by topic, with their labs; Esc and b go back home', async () => {
    const ui = await app();
    await ui.waitFor(HOME);
    ui.press('i');
    const frame = await ui.waitFor(QUESTION);
    assert.match(frame, /Interview questions/);
    assert.match(lineWith(frame, QUESTION) ?? '', /time-wait-active-closer/);
    assert.ok(lineWith(frame, /^Teardown/), `a topic heading in\n${frame}`);
    ui.press(KEYS.escape);
    await ui.waitFor((f) => f.includes(HOME) && !f.includes(QUESTION));
    ui.press('i');
    await ui.waitFor(QUESTION);
    ui.press('b');
    await ui.waitFor((f) => f.includes(HOME) && !f.includes(QUESTION));
  });

  test('a walkthrough: your answer, a fast run, a model answer with the run’s numbers, the answer kept', async () => {
    const reports: RunReport[] = [];
    const runner: Runner = async (lab, options) => {
      const report = await runLab(lab, options);
      reports.push(report);
      return report;
    };
    const file = tempProgressFile();
    const ui = await app({ progressFile: file, columns: 200, rows: 70, props: { runner } });
    await pick(ui, QUESTION);
    ui.press('the side that closes first');
    await ui.waitFor('the side that closes first█');
    ui.press(KEYS.enter);
    const frame = await ui.waitFor(/Model answer|no model answer/, 60_000);
    assert.doesNotMatch(frame, /no model answer/, frame);
    const report = reports.at(-1);
    assert.ok(report, 'the run went through the runner');
    assert.equal(report.fast, true, 'fast mode');
    const lines = frame.split('\n');
    const from = lines.findIndex((line) => line.includes('Model answer'));
    const to = lines.findIndex((line) => line.includes('What an interviewer asks next'));
    const model = lines.slice(from + 1, to).join(' ');
    const numbers = model.match(/\d+(?:\.\d+)?/g) ?? [];
    const observed = report.expectations.map((e) => e.observed).join(' ');
    assert.ok(
      numbers.some((n) => observed.includes(n)),
      `the model answer quotes the run: ${model}\nobserved: ${observed}`,
    );
    assert.match(frame, /Your answer\s+the side that closes first/);
    assert.match(frame, /The myth in seed 002/);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.interviews?.[QUESTION]?.answer, 'the side that closes first');
  });

  test('Ctrl-C stops the run (no model answer, nothing kept, no quit); Esc stops one and goes back', async () => {
    const file = tempProgressFile();
    const ui = await app({ progressFile: file, columns: 160, rows: 50 });
    await pick(ui, QUESTION);
    ui.press('my answer', KEYS.enter);
    await ui.waitFor(/in fast mode/);
    ui.press(KEYS.ctrlC);
    await ui.waitFor('the run was stopped', 30_000);
    assert.deepEqual(ui.quits, []);
    assert.equal(ui.tracker.running, false);
    assert.equal(ui.progress.interviews()[QUESTION], undefined);
    ui.press(KEYS.escape);
    await ui.waitFor((f) => highlighted(f) === QUESTION);
    ui.press(KEYS.enter);
    await ui.waitFor('Your answer');
    ui.press('again', KEYS.enter);
    await ui.waitFor(/in fast mode/);
    ui.press(KEYS.escape);
    await ui.waitFor((f) => highlighted(f) === QUESTION && !f.includes('in fast mode'));
    await ui.tracker.stopAll();
    assert.equal(ui.tracker.running, false);
    assert.equal(ui.progress.interviews()[QUESTION], undefined);
  });
});
