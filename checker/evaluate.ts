// Retrying an expectation until it holds or its time runs out. Each attempt is a real
// observation (an `ss` run, a counter read); the pause between attempts only paces them.

import type { Expectation, ExpectationResult, ObserveEnv } from './expect.ts';
import { formatCommand } from './shell.ts';

export const RETRY_INTERVAL_MS = 50;

export async function evaluate(
  expectation: Expectation,
  env: ObserveEnv,
  clock: () => number,
  signal?: AbortSignal,
): Promise<ExpectationResult> {
  const deadline = Date.now() + expectation.within;
  let attempt = await expectation.attempt(env);
  while (!attempt.ok && Date.now() < deadline && !signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_INTERVAL_MS, deadline - Date.now())));
    attempt = await expectation.attempt(env);
  }
  return {
    id: expectation.id,
    text: expectation.text,
    ok: attempt.ok,
    observed: attempt.observed,
    command: expectation.command ? formatCommand(expectation.command) : null,
    tMs: Math.round(clock()),
    ...(expectation.hint ? { hint: expectation.hint } : {}),
  };
}
