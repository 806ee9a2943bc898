// Module resolution hook for starting the app quickly (see cli/interactive.ts). Ink imports
// one function, throttle, from 'es-toolkit/compat', whose index pulls in 336 modules; under
// tsx's loader that costs about a second of startup. We point Ink's import at the one
// module that defines throttle — the same function, so Ink behaves exactly the same.
// Plain JavaScript: resolution hooks run on the loader's own thread.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (specifier !== 'es-toolkit/compat' || !context.parentURL?.endsWith('/ink/build/ink.js')) return resolved;
  const direct = new URL('./function/throttle.mjs', resolved.url);
  return existsSync(fileURLToPath(direct)) ? { ...resolved, url: direct.href } : resolved;
}
