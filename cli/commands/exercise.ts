// `tcplabs exercise <lab>`: hands out an exercise's starter file (the lab's faulty program,
// the task in a comment) in the folder you stand in, and says how it is checked. It never
// overwrites a file without --force.

import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { LabError } from '../../labs/kit/errors.ts';
import { type Exercise, exerciseOf, type Lab } from '../../labs/kit/lab.ts';
import { loadLab } from '../../labs/kit/registry.ts';
import type { CommandIo } from '../io.ts';
import { cliWords } from '../words.ts';

export interface ExerciseOptions {
  labId: string;
  exercise?: string;
  force: boolean;
}

/** Where the learner stands: npm runs us in the package's folder and keeps theirs in INIT_CWD. */
export function learnerDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD || process.cwd();
}

export function pickExercise(lab: Lab, id: string | undefined): Exercise {
  const exercise = exerciseOf(lab, id);
  if (exercise) return exercise;
  const all = (lab.exercises ?? []).map((e) => e.id).join(', ');
  if (!all) throw new LabError(cliWords('exercise.none', { lab: lab.id }));
  throw new LabError(cliWords('exercise.noSuch', { lab: lab.id, id: id ?? '', all }));
}

/** The command that checks the learner's file. */
export function checkCommand(lab: Lab, exercise: Exercise, file: string): string {
  const pick = (lab.exercises ?? []).length > 1 ? ` --exercise ${exercise.id}` : '';
  return `npx tcplabs check ${lab.id} --${exercise.role} ${file}${pick}`;
}

export async function exerciseCommand(options: ExerciseOptions, io: CommandIo): Promise<number> {
  const lab = await loadLab(options.labId);
  const exercise = pickExercise(lab, options.exercise);
  if (!exercise.starter) throw new LabError(cliWords('exercise.noStarter', { id: exercise.id, lab: lab.id }));
  const name = `${lab.id}-${exercise.id}${path.extname(exercise.starter)}`;
  const target = path.join(learnerDir(), name);
  if (existsSync(target) && !options.force) {
    throw new LabError(cliWords('exercise.exists', { file: target }));
  }
  copyFileSync(path.join(lab.dir, exercise.starter), target);
  const check = checkCommand(lab, exercise, name);
  if (io.json) {
    io.out(
      JSON.stringify({
        lab: lab.id,
        exercise: exercise.id,
        role: exercise.role,
        goal: exercise.goal,
        file: target,
        check,
      }),
    );
  } else {
    io.out(io.paint('bold', cliWords('exercise.wrote', { file: target, role: exercise.role })));
    io.out(cliWords('exercise.task', { role: exercise.role, goal: exercise.goal }));
    io.out(cliWords('exercise.check', { check }));
  }
  return 0;
}
