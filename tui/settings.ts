// The TUI's own state file, beside the progress file ($XDG_STATE_HOME/tcplabs/tui.json): the
// language chosen with L, applied at the next start unless --lang says otherwise. Written
// atomically (a temporary file renamed over it), so a crash never leaves half a file; a file
// that is missing or unreadable is no choice at all.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isLang, type Lang } from '../i18n/lang.ts';
import { progressFilePath } from '../labs/kit/progress.ts';

export interface TuiSettings {
  lang?: Lang;
}

export function settingsPath(progressFile: string = progressFilePath()): string {
  return path.join(path.dirname(progressFile), 'tui.json');
}

export function readSettings(file: string): TuiSettings {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { lang?: unknown };
    return typeof data.lang === 'string' && isLang(data.lang) ? { lang: data.lang } : {};
  } catch {
    return {};
  }
}

/** Save the settings; throws (with the file's name) when it cannot. */
export function writeSettings(file: string, settings: TuiSettings): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`);
    renameSync(temporary, file);
  } catch (error) {
    throw new Error(`${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Was `--lang` on the command line (before `--`)? Then it, not the saved choice, decides. */
export function langFlagGiven(argv: readonly string[] = process.argv.slice(2)): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === '--lang' || arg.startsWith('--lang='));
}
