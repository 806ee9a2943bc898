// After a check passes: the reference solution, a diff against the learner's file on request,
// and the part of the lesson that explains why the fix works.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getLang } from '../i18n/lang.ts';
import { runQuiet } from '../labs/kit/exec.ts';
import type { Exercise, Lab } from '../labs/kit/lab.ts';
import { cliWords } from './words.ts';

/** The section of LESSON.md under the heading the exercise names (until the next heading of its level). */
export function lessonSection(lesson: string, heading: string): string | null {
  const lines = lesson.split('\n');
  const at = lines.findIndex((line) => /^#+\s/.test(line) && line.replace(/^#+\s*/, '').trim() === heading.trim());
  if (at < 0) return null;
  const level = (/^#+/.exec(lines[at] as string)?.[0] ?? '#').length;
  const end = lines.findIndex(
    (line, i) => i > at && /^#+\s/.test(line) && (/^#+/.exec(line)?.[0].length ?? 9) <= level,
  );
  return lines
    .slice(at, end < 0 ? undefined : end)
    .join('\n')
    .trim();
}

export async function afterPass(lab: Lab, exercise: Exercise, learnerFile: string, diff: boolean): Promise<string[]> {
  const lines: string[] = [];
  const solution = exercise.solution ? path.join(lab.dir, exercise.solution) : null;
  if (solution) lines.push(cliWords(diff ? 'after.solution' : 'after.solutionDiff', { file: solution }));
  if (solution && diff) {
    const result = await runQuiet('diff', ['-u', learnerFile, solution], { timeoutMs: 5000 });
    lines.push(result.exitCode === 0 ? cliWords('after.identical') : result.stdout.trimEnd());
  }
  // The lesson in the learner's language, when the lab has one.
  const zh = path.join(lab.dir, 'LESSON.zh.md');
  const lessonFile = getLang() === 'zh' && existsSync(zh) ? zh : path.join(lab.dir, 'LESSON.md');
  if (exercise.why && existsSync(lessonFile)) {
    const section = lessonSection(readFileSync(lessonFile, 'utf8'), exercise.why);
    if (section) lines.push('', cliWords('after.why'), section);
  }
  return lines;
}
