// Shared by the lab tests: an exercise's files (a starter with its task, a solution, the
// lesson heading that says why), and a check of the starter or the solution on the kernel.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunReport } from '../checker/verdict.ts';
import { exerciseOf } from '../labs/kit/lab.ts';
import { loadLab } from '../labs/kit/registry.ts';
import { runFast } from './helpers.ts';

/** The starter starts with its task, the solution exists, and LESSON.md has the `why` heading. */
export async function assertExerciseFiles(labId: string, exerciseId: string): Promise<void> {
  const lab = await loadLab(labId);
  const exercise = exerciseOf(lab, exerciseId);
  assert.ok(exercise, `${labId} has no exercise ${exerciseId}`);
  assert.ok(exercise.starter && exercise.solution && exercise.why, `${exerciseId}: starter, solution and why`);
  assert.match(readFileSync(path.join(lab.dir, exercise.starter), 'utf8'), /^\/\/ TASK: /);
  assert.ok(existsSync(path.join(lab.dir, exercise.solution)), exercise.solution);
  const lesson = readFileSync(path.join(lab.dir, 'LESSON.md'), 'utf8');
  assert.match(lesson, new RegExp(`^#+ ${exercise.why}$`, 'm'), `LESSON.md has no heading "${exercise.why}"`);
}

/** `tcplabs check` with the exercise's own starter or solution as the learner's file. */
export async function checkWith(labId: string, exerciseId: string, which: 'starter' | 'solution'): Promise<RunReport> {
  const lab = await loadLab(labId);
  const file = exerciseOf(lab, exerciseId)?.[which];
  assert.ok(file, `${exerciseId} has no ${which}`);
  return runFast(labId, { mode: 'check', learnerFile: path.join(lab.dir, file), exercise: exerciseId });
}
