// Asking before showing: a step's prediction, its answer (what the step's expectation
// asserts, never typed a second time), and whether a guess was right by what the kernel
// showed when the step ran.

import type { ExpectationResult } from '../../checker/expect.ts';
import type { Step } from './lab.ts';

export interface PredictionView {
  question: string;
  choices: string[];
  /** What the expectation asserts. */
  answer: string;
  expectation: string;
}

export interface PredictionOutcome extends PredictionView {
  step: number;
  guess: string;
  /** The guess was the answer, and the kernel showed it. */
  right: boolean;
  /** What the kernel showed (the expectation's observation). */
  observed: string;
  /** Did the kernel show what the answer says? (If not, the lab itself failed.) */
  held: boolean;
}

/** The step's prediction with its answer; throws when the plan is inconsistent (a lab's bug). */
export function predictionOf(step: Step): PredictionView | null {
  const { predict } = step;
  if (!predict) return null;
  const expectation = step.actions.find((a) => a.expectation?.id === predict.expectation)?.expectation;
  if (!expectation) throw new Error(`step "${step.title}" predicts ${predict.expectation}, which it does not expect`);
  const answer = expectation.answer;
  if (!answer || !predict.choices.includes(answer)) {
    throw new Error(`step "${step.title}": the answer of ${predict.expectation} (${answer}) is not among its choices`);
  }
  return { question: predict.question, choices: predict.choices, answer, expectation: expectation.id };
}

export function judgePrediction(
  view: PredictionView,
  step: number,
  guess: string,
  results: readonly ExpectationResult[],
): PredictionOutcome {
  const result = results.findLast((r) => r.id === view.expectation);
  const held = result?.ok ?? false;
  return {
    ...view,
    step,
    guess,
    held,
    right: held && guess === view.answer,
    observed: result?.observed ?? 'not judged',
  };
}
