// Progress saved per user, in the XDG state directory ($XDG_STATE_HOME/tcplabs, else
// ~/.local/state/tcplabs). A corrupt or unwritable file must never crash the app: the
// problem is reported once (the first one) and the session goes on in memory.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Verdict } from '../../checker/verdict.ts';

export interface ProgressEntry {
  verdict: 'pass' | 'fail';
  /** ISO time of the run. */
  at: string;
}

/** One exercise: its last check, when it first passed, and how many hints were shown. */
export interface ExerciseProgress extends ProgressEntry {
  passedAt?: string;
  hintsUsed: number;
}

/** A prediction answered: the guess, whether it was right, when. */
export interface PredictionRecord {
  question: string;
  guess: string;
  right: boolean;
  at: string;
}

export interface LabProgress {
  /** The lab's own demo run. */
  run?: ProgressEntry;
  /** Predictions answered, by expectation id (the last answer to each). */
  predictions?: Record<string, PredictionRecord>;
  /** The learner's last program checked against the lab (`x`, `tcplabs check`). */
  check?: ProgressEntry;
  /** Each exercise by id. */
  exercises?: Record<string, ExerciseProgress>;
}

export interface RecordOptions {
  stopped?: boolean;
  /** In check mode, the exercise checked. */
  exercise?: string;
  /** Hints shown for that check. */
  hintsShown?: number;
}

export interface ProgressFile {
  version: 1;
  labs: Record<string, LabProgress>;
  /** Interview questions answered: the learner's own answer, kept, and when. */
  interviews?: Record<string, { answer: string; at: string }>;
}

export type LabStatus = 'passed' | 'failed' | 'not run';

export function progressFilePath(env: NodeJS.ProcessEnv = process.env): string {
  // The XDG spec says relative paths in these variables are invalid and must be ignored.
  const state = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : null;
  const base = state ?? path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'tcplabs', 'progress.json');
}

function isEntry(value: unknown): value is ProgressEntry {
  const entry = value as ProgressEntry;
  return (
    typeof value === 'object' &&
    value !== null &&
    (entry.verdict === 'pass' || entry.verdict === 'fail') &&
    typeof entry.at === 'string'
  );
}

/** Keep what is well-formed; a file with the wrong shape is as corrupt as bad JSON. */
function validate(data: unknown): ProgressFile {
  const labs = (data as ProgressFile | null)?.labs;
  if (typeof data !== 'object' || data === null || typeof labs !== 'object' || labs === null || Array.isArray(labs)) {
    throw new Error('it does not hold a "labs" object');
  }
  const clean: ProgressFile = { version: 1, labs: {} };
  const interviews = (data as ProgressFile).interviews;
  if (interviews && typeof interviews === 'object' && !Array.isArray(interviews)) clean.interviews = interviews;
  for (const [id, value] of Object.entries(labs)) {
    const entry: LabProgress = {};
    if (isEntry((value as LabProgress)?.run)) entry.run = (value as LabProgress).run;
    if (isEntry((value as LabProgress)?.check)) entry.check = (value as LabProgress).check;
    const predictions = (value as LabProgress)?.predictions;
    if (predictions && typeof predictions === 'object') entry.predictions = predictions;
    const exercises = Object.entries((value as LabProgress)?.exercises ?? {}).filter(([, e]) => isEntry(e));
    if (exercises.length > 0) {
      entry.exercises = Object.fromEntries(
        exercises.map(([name, e]) => [name, { ...e, hintsUsed: Number(e.hintsUsed) || 0 }]),
      );
    }
    clean.labs[id] = entry;
  }
  return clean;
}

export class ProgressStore {
  readonly file: string;
  private data: ProgressFile = { version: 1, labs: {} };
  /** The first problem with the file, reported once; later ones are not repeated. */
  problem: string | null = null;
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change, for React's useSyncExternalStore. */
  version = 0;

  constructor(file: string = progressFilePath()) {
    this.file = file;
    this.load();
  }

  private report(problem: string): void {
    if (this.problem !== null) return;
    this.problem = problem;
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        this.report(
          `cannot read progress from ${this.file} (${code ?? error}); progress is kept for this session only`,
        );
      return;
    }
    try {
      this.data = validate(JSON.parse(text));
    } catch (error) {
      this.report(
        `progress file ${this.file} is corrupt (${(error as Error).message.split('\n')[0]}); starting afresh — the next result replaces it`,
      );
    }
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  entry(id: string): LabProgress {
    return this.data.labs[id] ?? {};
  }

  status(id: string): LabStatus {
    const verdict = this.entry(id).run?.verdict;
    return verdict === 'pass' ? 'passed' : verdict === 'fail' ? 'failed' : 'not run';
  }

  /** Remember a pass or a fail (an error or a stopped run says nothing about the learner). */
  record(id: string, mode: 'demo' | 'check', verdict: Verdict, options: RecordOptions = {}): void {
    if (verdict === 'error' || options.stopped) return;
    const entry: ProgressEntry = { verdict, at: new Date().toISOString() };
    const lab: LabProgress = { ...this.entry(id), [mode === 'check' ? 'check' : 'run']: entry };
    if (mode === 'check' && options.exercise) {
      const before = lab.exercises?.[options.exercise];
      const passedAt = before?.passedAt ?? (verdict === 'pass' ? entry.at : undefined);
      const hintsUsed = Math.max(before?.hintsUsed ?? 0, options.hintsShown ?? 0);
      lab.exercises = {
        ...lab.exercises,
        [options.exercise]: { ...entry, hintsUsed, ...(passedAt ? { passedAt } : {}) },
      };
    }
    this.data = { ...this.data, labs: { ...this.data.labs, [id]: lab } };
    this.save();
    this.changed();
  }

  /** More hints were shown for the last check of an exercise (`h`, `--hint N`). */
  hintsUsed(id: string, exercise: string | null, shown: number): void {
    const entry = exercise ? this.entry(id).exercises?.[exercise] : undefined;
    if (!exercise || !entry || entry.hintsUsed >= shown) return;
    const lab = {
      ...this.entry(id),
      exercises: { ...this.entry(id).exercises, [exercise]: { ...entry, hintsUsed: shown } },
    };
    this.data = { ...this.data, labs: { ...this.data.labs, [id]: lab } };
    this.save();
    this.changed();
  }

  /** The predictions a run asked, with the learner's guesses. */
  predicted(
    id: string,
    outcomes: ReadonlyArray<{ expectation: string; question: string; guess: string; right: boolean }>,
  ) {
    const at = new Date().toISOString();
    const predictions = { ...this.entry(id).predictions };
    for (const o of outcomes) predictions[o.expectation] = { question: o.question, guess: o.guess, right: o.right, at };
    this.data = { ...this.data, labs: { ...this.data.labs, [id]: { ...this.entry(id), predictions } } };
    this.save();
    this.changed();
  }

  /** An interview question walked through: the learner's own answer, kept. */
  interviewed(question: string, answer: string): void {
    const interviews = { ...this.data.interviews, [question]: { answer, at: new Date().toISOString() } };
    this.data = { ...this.data, interviews };
    this.save();
    this.changed();
  }

  interviews(): Readonly<Record<string, { answer: string; at: string }>> {
    return this.data.interviews ?? {};
  }

  /** Every lab with something recorded, for `tcplabs progress`. */
  all(): Readonly<Record<string, LabProgress>> {
    return this.data.labs;
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }

  private save(): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      // Write then rename, so a crash mid-write never leaves half a file behind.
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(this.data, null, 2)}\n`);
      renameSync(temporary, this.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.report(`cannot save progress to ${this.file} (${code}); progress is kept for this session only`);
    }
  }
}
