// Waiting for a program's last word without failing the run when it never comes: a
// learner's program that never answers must get a *failed* expectation with a hint, not a
// run that errors out. Slow machines get the whole wait; a fast answer ends it at once.

import { isLabError } from '../kit/errors.ts';
import type { Action } from '../kit/lab.ts';
import { act } from '../kit/plan.ts';
import { t } from './messages.ts';

export function settle(role: string, pattern: RegExp, timeoutMs: number): Action {
  return act(t('do.settle', { s: timeoutMs / 1000, role, pattern: String(pattern) }), async (ctx) => {
    try {
      await ctx.waitOutput(ctx.proc(role), pattern, timeoutMs);
    } catch (error) {
      if (ctx.signal.aborted || !isLabError(error)) throw error;
    }
  });
}
