// Opening a lab for the lab screen: its definition and its lesson — LESSON.zh.md in Chinese
// when the lab has one, else LESSON.md (which some labs do not have yet). Called again when
// the language changes: loading the lab again is what gives its texts in the new language.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getLang, type Lang } from '../i18n/lang.ts';
import type { Lab } from '../labs/kit/lab.ts';
import { loadLab } from '../labs/kit/registry.ts';

export interface OpenedLab {
  lab: Lab;
  lesson: string | null;
}

async function readIfThere(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function readLesson(lab: Pick<Lab, 'dir'>, lang: Lang = getLang()): Promise<string | null> {
  const own = lang === 'en' ? null : await readIfThere(path.join(lab.dir, `LESSON.${lang}.md`));
  return own ?? readIfThere(path.join(lab.dir, 'LESSON.md'));
}

export async function openLab(id: string): Promise<OpenedLab> {
  const lab = await loadLab(id);
  return { lab, lesson: await readLesson(lab) };
}
