// Lessons tell the truth: every expectation a lesson cites as proof (`[✓ id]`) exists in that
// lab's plans, and a lesson in two languages cites the same ones.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { planView } from '../labs/kit/plan-view.ts';
import { loadLabs } from '../labs/kit/registry.ts';

/** The ids a lesson cites: `[✓ a]`, `[✓ a, b]`. */
export function citedIds(markdown: string): string[] {
  const ids: string[] = [];
  for (const match of markdown.matchAll(/\[✓\s+([a-z0-9-]+(?:,\s*[a-z0-9-]+)*)\]/g)) {
    ids.push(...(match[1] as string).split(',').map((id) => id.trim()));
  }
  return [...new Set(ids)];
}

describe('lessons', async () => {
  const labs = await loadLabs();
  for (const lab of labs) {
    it(`${lab.id}: every expectation its lesson cites exists in its plans`, () => {
      const view = planView(lab);
      const known = new Set(
        [view.steps, ...view.exercises.map((e) => e.steps)].flat().flatMap((s) => s.expectations.map((e) => e.id)),
      );
      for (const file of ['LESSON.md', 'LESSON.zh.md']) {
        const at = path.join(lab.dir, file);
        if (!existsSync(at)) continue;
        const unknown = citedIds(readFileSync(at, 'utf8')).filter((id) => !known.has(id));
        assert.deepEqual(unknown, [], `${lab.id}/${file} cites expectations the lab does not have`);
      }
    });
    it(`${lab.id}: its lessons in English and Chinese cite the same expectations`, () => {
      const zh = path.join(lab.dir, 'LESSON.zh.md');
      // Every lab has its Chinese lesson: a missing one fails, it is not skipped.
      assert.ok(existsSync(zh), `${lab.id} has no LESSON.zh.md`);
      const en = citedIds(readFileSync(path.join(lab.dir, 'LESSON.md'), 'utf8')).sort();
      assert.deepEqual(citedIds(readFileSync(zh, 'utf8')).sort(), en);
    });
  }
});
