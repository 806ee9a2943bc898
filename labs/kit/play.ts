// Playing a plan: each step in order, held by step mode's gate, skipped (and said so) when its
// condition does not hold on this kernel, within the lab's time limit. Time held at a gate
// does not count against that limit.

import type { StepRecord } from '../../checker/verdict.ts';
import { LabError } from './errors.ts';
import type { LabContext, Step } from './lab.ts';
import { judgePrediction, type PredictionView, predictionOf } from './predict.ts';
import type { RunState } from './run-state.ts';
import { kitWords } from './words.ts';

/**
 * Holds a step until it may start (step mode, a prediction being asked). Resolves with the
 * learner's guess when the step has a prediction and one was made.
 */
export type StepGate = (step: {
  index: number;
  title: string;
  predict: PredictionView | null;
}) => Promise<string | undefined>;

async function holdAtGate(run: RunState, gate: StepGate, index: number, step: Step, record: StepRecord) {
  run.emit({ type: 'step', index, title: record.title, status: 'waiting' });
  run.gateOpenSince = run.clock();
  const predict = predictionOf(step);
  try {
    const guess = await Promise.race([gate({ index, title: record.title, predict }), run.stopped]);
    if (predict && typeof guess === 'string') run.guesses.set(index, { view: predict, guess });
  } finally {
    run.gateWaitMs += run.clock() - run.gateOpenSince;
    run.gateOpenSince = null;
  }
  record.startMs = Math.round(run.clock());
}

async function playStep(run: RunState, ctx: LabContext, step: Step, gate?: StepGate): Promise<void> {
  run.guard();
  const index = run.steps.length;
  const record: StepRecord = { title: step.title, startMs: Math.round(run.clock()), endMs: null };
  run.steps.push(record);
  if (step.when && !(await step.when.holds(ctx))) {
    record.skipped = kitWords('step.skipped', { when: step.when.text });
    run.record('lab', kitWords('step.skippedNote', { title: step.title, why: record.skipped }));
    record.endMs = record.startMs;
    run.emit({ type: 'step', index, title: step.title, status: 'skipped' });
    return;
  }
  if (gate) await holdAtGate(run, gate, index, step, record);
  run.emit({ type: 'step', index, title: step.title, status: 'running' });
  for (const action of step.actions) {
    run.guard();
    await action.run(ctx);
  }
  record.endMs = Math.round(run.clock());
  run.emit({ type: 'step', index, title: step.title, status: 'done' });
  const asked = run.guesses.get(index);
  if (asked) {
    const outcome = judgePrediction(asked.view, index, asked.guess, run.results);
    run.predictions.push(outcome);
    run.emit({ type: 'prediction', outcome });
  }
}

/** Rejects once the run has used its time, not counting time held at a step gate. */
function timeLimit(run: RunState, timeoutMs: number): { expired: Promise<never>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    const check = () => {
      const left = timeoutMs - (run.clock() - run.gateWaitMs);
      if (left > 0 || run.gateOpenSince !== null) timer = setTimeout(check, Math.max(left, 50));
      else reject(new LabError(kitWords('lab.timeout', { s: timeoutMs / 1000 })));
    };
    timer = setTimeout(check, timeoutMs);
  });
  expired.catch(() => {});
  return { expired, clear: () => clearTimeout(timer) };
}

export async function playPlan(
  run: RunState,
  ctx: LabContext,
  steps: readonly Step[],
  timeoutMs: number,
  gate?: StepGate,
): Promise<void> {
  const limit = timeLimit(run, Math.round(timeoutMs * run.patience));
  const choreography = (async () => {
    for (const step of steps) await playStep(run, ctx, step, gate);
  })();
  choreography.catch(() => {});
  try {
    await Promise.race([choreography, run.stopped, limit.expired]);
  } finally {
    limit.clear();
  }
}
