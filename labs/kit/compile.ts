// Starting a TypeScript program through tsx's loader costs ~300 ms more than starting plain
// JavaScript, and a lab starts several programs one after another. Our own lab programs are
// self-contained (node: imports only), so we strip their types once with esbuild and cache
// the result by content hash; node then runs them directly. A learner's file always runs
// through tsx, exactly as written.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CACHE_DIR = path.join(os.tmpdir(), `tcplabs-programs-${process.getuid?.() ?? 'user'}`);

/** Relative imports would need bundling; such files run through tsx instead. */
function isSelfContained(source: string): boolean {
  return !/\bfrom\s+['"]\.{1,2}\/|\bimport\s*\(\s*['"]\.{1,2}\//.test(source);
}

/** The cached JavaScript for a lab program, or null when it must run through tsx. */
export async function compileProgram(file: string): Promise<string | null> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  if (!isSelfContained(source)) return null;
  const hash = createHash('sha256').update(file).update('\0').update(source).digest('hex').slice(0, 16);
  const out = path.join(CACHE_DIR, `${path.basename(file, path.extname(file))}-${hash}.mjs`);
  if (existsSync(out)) return out;
  const { transform } = await import('esbuild');
  const result = await transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file });
  mkdirSync(CACHE_DIR, { recursive: true, mode: 0o700 });
  // Write then rename, so a concurrent run never reads half a file.
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, `// compiled by tcplabs from ${file}\n${result.code}`, { mode: 0o644 });
  renameSync(temporary, out);
  return out;
}

/** Compile every program a lab may start, ahead of the run; returns source → compiled. */
export async function compileLabPrograms(files: readonly string[]): Promise<Map<string, string>> {
  const compiled = new Map<string, string>();
  await Promise.all(
    files.map(async (file) => {
      const out = await compileProgram(file).catch(() => null);
      if (out) compiled.set(file, out);
    }),
  );
  return compiled;
}
