// The path a learner types at the `x` prompt, as their shell would read it. `npm start`
// runs us in the package's folder, not where the learner stands; npm keeps that place in
// INIT_CWD. A leading ~ is their home.

import os from 'node:os';
import path from 'node:path';

export function resolveLearnerPath(typed: string, env: NodeJS.ProcessEnv = process.env): string {
  const text = typed.trim().replace(/^(['"])(.*)\1$/, '$2');
  if (text === '~' || text.startsWith('~/')) return path.join(os.homedir(), text.slice(1));
  return path.resolve(env.INIT_CWD || process.cwd(), text);
}
