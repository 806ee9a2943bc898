// Every lab speaks Chinese too: with --lang zh, the words a learner reads — the lab's title
// and summary, step titles, expectation texts, hints, predictions, exercises and interview
// questions — come from the lab's catalogue. An English phrase left in one bypassed it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkerMessages } from '../checker/words.ts';
import { hasHan, missingKeys } from '../i18n/catalog.ts';
import { setLang } from '../i18n/lang.ts';
import { exerciseOf, type Lab } from '../labs/kit/lab.ts';
import { loadLabs } from '../labs/kit/registry.ts';
import { planInput, planOf } from '../labs/kit/runner.ts';
import { kitMessages } from '../labs/kit/words.ts';

/** Two English words in a row: a sentence, not a state name, a sysctl or a command. */
export function englishPhrase(text: string): boolean {
  return !hasHan(text) && /\b[A-Za-z]{3,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/.test(text);
}

/** Every text of a lab a learner reads, with where it is. */
function texts(lab: Lab): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['title', lab.title],
    ['summary', lab.summary],
  ];
  const plans = [planOf(lab, planInput(lab, 'demo', false))];
  for (const exercise of lab.exercises ?? []) {
    out.push(
      [`exercise ${exercise.id} goal`, exercise.goal],
      ...exercise.hints.map((h): [string, string] => [`exercise ${exercise.id} hint`, h]),
    );
    plans.push(planOf(lab, planInput(lab, 'check', false, lab.port, exerciseOf(lab, exercise.id))));
  }
  for (const step of plans.flat()) {
    out.push([`step "${step.title}"`, step.title]);
    if (step.predict) out.push([`prediction of "${step.title}"`, step.predict.question]);
    for (const action of step.actions) {
      const e = action.expectation;
      if (e)
        out.push([`expectation ${e.id}`, e.text], ...(e.hint ? [[`hint of ${e.id}`, e.hint] as [string, string]] : []));
    }
  }
  for (const q of lab.interview ?? [])
    out.push(
      [`interview ${q.id}`, q.question],
      ...q.followUps.map((f): [string, string] => [`follow-up of ${q.id}`, f]),
    );
  return out;
}

describe('labs in Chinese', async () => {
  before(() => setLang('zh'));
  after(() => setLang('en'));
  it('the kit and the checker: both languages have the same keys', () => {
    for (const catalog of [kitMessages, checkerMessages]) assert.deepEqual(missingKeys(catalog), { en: [], zh: [] });
  });
  setLang('zh');
  const labs = await loadLabs();
  setLang('en');
  for (const lab of labs) {
    it(`${lab.id}: every word a learner reads comes from its catalogue, and LESSON.zh.md exists`, () => {
      setLang('zh');
      const english = texts(lab).filter(([, text]) => englishPhrase(text));
      assert.deepEqual(
        english.map(([where, text]) => `${where}: ${text}`),
        [],
        `${lab.id} has English left in Chinese`,
      );
      assert.ok(existsSync(path.join(lab.dir, 'LESSON.zh.md')), `${lab.id} has LESSON.zh.md`);
    });
  }
});
