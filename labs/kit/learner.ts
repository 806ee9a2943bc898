// The learner's file in check mode: it must exist, be a file, and be something tsx runs.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { LabError } from './errors.ts';
import type { Exercise } from './lab.ts';
import { kitWords } from './words.ts';

const LEARNER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** The absolute path of the learner's file, or a one-line error saying what is wrong. */
export function validateLearnerFile(file: string | undefined, exercise: Exercise): string {
  if (!file) throw new LabError(kitWords('learner.needed', { role: exercise.role }));
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new LabError(kitWords('learner.missing', { file }));
  if (!statSync(resolved).isFile()) throw new LabError(kitWords('learner.notFile', { file }));
  if (!LEARNER_EXTENSIONS.includes(path.extname(resolved))) {
    throw new LabError(kitWords('learner.kind', { file, kinds: LEARNER_EXTENSIONS.join(', ') }));
  }
  return resolved;
}
