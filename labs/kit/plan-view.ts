// A lab's plan as plain data, before anything runs: what `tcplabs show` prints and the TUI
// lists before `r`. Built from the same plan the runner plays, so the two never disagree.

import { formatCommand } from '../../checker/shell.ts';
import type { Lab, LabNeeds, Side, Step } from './lab.ts';
import { type PredictionView, predictionOf } from './predict.ts';
import { planInput, planOf } from './runner.ts';

export interface PlannedExpectation {
  id: string;
  text: string;
  /** The command that shows the same thing by hand, as argv; null when it is not a command. */
  command: string[] | null;
  /** The same command as a learner types it. */
  commandText: string | null;
}

export interface PlannedStep {
  title: string;
  /** Shown when the step runs only on some kernels. */
  when: string | null;
  /** Everything the step does, in order; an expectation's entry carries its id. */
  actions: Array<{ kind: string; describe: string; id?: string }>;
  expectations: PlannedExpectation[];
  /** The question asked before the step, its choices and its answer (what its expectation asserts). */
  predict: PredictionView | null;
}

export interface PlanView {
  id: string;
  title: string;
  topic: string;
  seed: string;
  summary: string;
  port: number;
  needs: LabNeeds;
  programs: Array<{ role: string; file: string; side: Side }>;
  steps: PlannedStep[];
  /** The programs a learner can write, and the choreography `tcplabs check` plays for each. */
  exercises: Array<{ id: string; role: string; goal: string; steps: PlannedStep[] }>;
}

function stepView(step: Step): PlannedStep {
  return {
    title: step.title,
    when: step.when?.text ?? null,
    predict: predictionOf(step),
    actions: step.actions.map((action) => ({
      kind: action.kind,
      describe: action.describe,
      ...(action.expectation ? { id: action.expectation.id } : {}),
    })),
    expectations: step.actions.flatMap((action) => {
      const e = action.expectation;
      if (!e) return [];
      const command = e.command ? [...e.command] : null;
      return [{ id: e.id, text: e.text, command, commandText: command ? formatCommand(command) : null }];
    }),
  };
}

export function planView(lab: Lab, fast = false): PlanView {
  return {
    id: lab.id,
    title: lab.title,
    topic: lab.topic,
    seed: lab.seed,
    summary: lab.summary,
    port: lab.port,
    needs: lab.needs,
    programs: Object.entries(lab.programs).map(([role, program]) => ({ role, ...program })),
    steps: planOf(lab, planInput(lab, 'demo', fast)).map(stepView),
    exercises: (lab.exercises ?? []).map((exercise) => ({
      id: exercise.id,
      role: exercise.role,
      goal: exercise.goal,
      steps: planOf(lab, planInput(lab, 'check', fast, lab.port, exercise)).map(stepView),
    })),
  };
}
