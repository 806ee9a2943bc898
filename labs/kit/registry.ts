// Finding the labs: every folder under labs/ (except kit/) with a lab.ts is one. They are
// listed in the course's order (labs/course.ts); ids are stable, the CLI and tests use them.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { COURSE } from '../course.ts';
import { LabError } from './errors.ts';
import type { Lab, LabDefinition } from './lab.ts';
import { kitWords } from './words.ts';

export const LABS_DIR = path.resolve(import.meta.dirname, '..');

export function labIds(): string[] {
  const ids = readdirSync(LABS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'kit')
    .filter((entry) => existsSync(path.join(LABS_DIR, entry.name, 'lab.ts')))
    .map((entry) => entry.name);
  const rank = (id: string) => {
    const at = COURSE.indexOf(id);
    return at < 0 ? COURSE.length : at;
  };
  return ids.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

async function loadFrom(id: string): Promise<Lab> {
  const dir = path.join(LABS_DIR, id);
  const module = (await import(pathToFileURL(path.join(dir, 'lab.ts')).href)) as { default: LabDefinition };
  if (module.default.id !== id) throw new Error(`labs/${id}/lab.ts declares id ${module.default.id}`);
  // Property by property, getters kept: a lab's title and summary read its catalogue when
  // asked, so they follow the language (the TUI's L) without loading the lab again.
  return Object.defineProperties({ dir }, Object.getOwnPropertyDescriptors(module.default)) as Lab;
}

export async function loadLabs(): Promise<Lab[]> {
  return Promise.all(labIds().map(loadFrom));
}

export async function loadLab(id: string): Promise<Lab> {
  const ids = labIds();
  if (!ids.includes(id)) {
    throw new LabError(kitWords('lab.unknown', { id, ids: ids.join(', ') }));
  }
  return loadFrom(id);
}

/** The labs that have an exercise, for messages that list them. */
export async function exerciseIds(): Promise<string[]> {
  return (await loadLabs()).filter((lab) => lab.exercises?.length).map((lab) => lab.id);
}
