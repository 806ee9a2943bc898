// A workshop's agenda: the labs in the order the room takes them, and for each how it runs
// (fast, step mode, predictions) and how long it gets. A JSON file, checked line by line
// against the labs that exist, so an instructor finds a typo before the room does.

import { LabError } from '../labs/kit/errors.ts';

export interface AgendaItem {
  lab: string;
  /** Teaching pauses shrunk tenfold. */
  fast: boolean;
  /** Each step waits for space. */
  step: boolean;
  /** Each step with a question asks the room first. */
  predict: boolean;
  minutes?: number;
  /** What the instructor says before it, shown on the agenda. */
  note?: string;
}

export interface Agenda {
  title: string;
  minutes?: number;
  items: AgendaItem[];
}

function item(raw: unknown, at: number, labs: readonly string[]): AgendaItem {
  const where = `item ${at + 1}`;
  if (typeof raw !== 'object' || raw === null) throw new LabError(`${where}: not an object`);
  const value = raw as Record<string, unknown>;
  if (typeof value.lab !== 'string') throw new LabError(`${where}: "lab" must name a lab`);
  if (!labs.includes(value.lab))
    throw new LabError(`${where}: unknown lab "${value.lab}"; the labs are: ${labs.join(', ')}`);
  for (const flag of ['fast', 'step', 'predict'] as const) {
    if (value[flag] !== undefined && typeof value[flag] !== 'boolean')
      throw new LabError(`${where}: "${flag}" must be true or false`);
  }
  if (value.minutes !== undefined && (typeof value.minutes !== 'number' || value.minutes <= 0)) {
    throw new LabError(`${where}: "minutes" must be a positive number`);
  }
  return {
    lab: value.lab,
    fast: value.fast === true,
    step: value.step === true,
    predict: value.predict === true,
    ...(typeof value.minutes === 'number' ? { minutes: value.minutes } : {}),
    ...(typeof value.note === 'string' ? { note: value.note } : {}),
  };
}

export function parseAgenda(text: string, labs: readonly string[]): Agenda {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LabError(`not JSON: ${(error as Error).message}`);
  }
  const value = data as { title?: unknown; minutes?: unknown; labs?: unknown };
  if (typeof value?.title !== 'string') throw new LabError('"title" must be a string');
  if (!Array.isArray(value.labs) || value.labs.length === 0) throw new LabError('"labs" must list at least one lab');
  return {
    title: value.title,
    ...(typeof value.minutes === 'number' ? { minutes: value.minutes } : {}),
    items: value.labs.map((raw, at) => item(raw, at, labs)),
  };
}

/** "step mode, predictions, fast" */
export function modesText(item: AgendaItem): string {
  const modes = [item.step ? 'step mode' : null, item.predict ? 'predictions' : null, item.fast ? 'fast' : null];
  return modes.filter(Boolean).join(', ') || 'teaching speed';
}
