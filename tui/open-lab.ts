// Opening a lab for the lab screen: its definition and its LESSON.md (which some labs do
// not have yet).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Lab } from '../labs/kit/lab.ts';
import { loadLab } from '../labs/kit/registry.ts';

export interface OpenedLab {
  lab: Lab;
  lesson: string | null;
}

export async function readLesson(lab: Pick<Lab, 'dir'>): Promise<string | null> {
  try {
    return await readFile(path.join(lab.dir, 'LESSON.md'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function openLab(id: string): Promise<OpenedLab> {
  const lab = await loadLab(id);
  return { lab, lesson: await readLesson(lab) };
}
