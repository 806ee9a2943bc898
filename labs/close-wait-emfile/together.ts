// Several actions at once: starting four programs one after another would cost four Node
// start-ups in a row, while none of them needs another to be up first.

import type { Action } from '../kit/lab.ts';
import { act } from '../kit/plan.ts';
import { t } from './messages.ts';

/** Run the actions side by side; done when every one is. `show` lists each of them. */
export function together(...actions: Action[]): Action {
  const describe = t('do.together', { actions: actions.map((action) => action.describe).join(t('do.together.sep')) });
  return act(describe, async (ctx) => {
    await Promise.all(actions.map((action) => action.run(ctx)));
  });
}
