// "`sysctl KEY` prints VALUE" (null: the key does not exist), judged once in the lab's own
// network namespace, which starts with the kernel's defaults for every per-namespace key.
// `answer` is what a prediction about the key is answered with (the value, or its absence).

import type { Expectation } from './expect.ts';
import { sysctlPath } from './sysctl-conf.ts';

export function expectSysctl(
  id: string,
  key: string,
  value: string | null,
  text: string,
  answer?: string,
): Expectation {
  return {
    id,
    text,
    ...(answer ? { answer } : {}),
    command: value === null ? ['ls', sysctlPath(key)] : ['sysctl', key],
    within: 0,
    async attempt(env) {
      const seen = await env.readSysctl(key);
      const observed = seen === null ? `${sysctlPath(key)}: no such file` : `${key} = ${seen}`;
      return { ok: seen === value, observed };
    },
  };
}
