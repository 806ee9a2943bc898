// One open lab and its runs. The lab screen renders a LabSession's state; the app asks it
// to start, stop or release the next step. It owns the AbortController that stops a run
// (runLab then kills every process it started and resolves with the error "stopped") and
// the gate that holds each step in step mode. When the language changes, the app gives it
// the lab loaded again (relabel): what the run showed is re-worded from the new plan.

import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunReport } from '../checker/verdict.ts';
import { type Exercise, exerciseOf, type Lab, sidesOf } from '../labs/kit/lab.ts';
import { type PredictionView, predictionOf } from '../labs/kit/predict.ts';
import { planInput, planOf, type RunOptions, runLab } from '../labs/kit/runner.ts';
import {
  applyEvent,
  failedView,
  finishView,
  isActive,
  type PlannedRun,
  plannedView,
  type RunView,
  reword,
  startingView,
  type Wording,
} from './run-view.ts';
import { t } from './words.ts';

export type Runner = (lab: Lab, options: RunOptions) => Promise<RunReport>;

/** How often socket samples redraw the screen (the issue asks for at least 10). */
export const REDRAW_HZ = 12;

export interface SessionState {
  run: RunView;
  /** For the next run (and shown in the header). */
  fast: boolean;
  stepMode: boolean;
  /** Predict mode: before each step with a prediction, ask the room and wait for an answer. */
  predictMode: boolean;
  /** The step held until space (step mode) or an answer (predict mode), if any. */
  held: { index: number; title: string; predict: PredictionView | null } | null;
}

export interface StartRequest {
  mode: 'demo' | 'check';
  learnerFile?: string;
  /** Which exercise the learner's file is for (the lab's first when absent). */
  exercise?: string;
}

export class LabSession {
  private openedLab: Lab;
  private openedLesson: string | null;
  private state: SessionState;
  /** What the run in view was started as: its plan is what re-wording reads. */
  private request: StartRequest = { mode: 'demo' };
  /** Set when the language changed since the run in view began: its events are re-worded. */
  private wording: Wording | null = null;
  /** The held step's choices as the runner knows them (an answer is one of these). */
  private heldChoices: readonly string[] = [];
  /** The last finished run's raw capture (pcap), for `w`. */
  lastPcap: Buffer | null = null;
  private readonly listeners = new Set<() => void>();
  private controller: AbortController | null = null;
  private release: ((guess?: string) => void) | null = null;
  private current: Promise<void> | null = null;
  private readonly runner: Runner;
  private readonly onReport: (report: RunReport) => void;
  private readonly onHints: (report: RunReport, shown: number) => void;

  constructor(
    lab: Lab,
    lesson: string | null,
    runner: Runner = runLab,
    onReport: (report: RunReport) => void = () => {},
    onHints: (report: RunReport, shown: number) => void = () => {},
  ) {
    this.openedLab = lab;
    this.openedLesson = lesson;
    this.runner = runner;
    this.onReport = onReport;
    this.onHints = onHints;
    this.state = {
      run: plannedView(this.planned('demo', false)),
      fast: false,
      stepMode: false,
      predictMode: false,
      held: null,
    };
  }

  get lab(): Lab {
    return this.openedLab;
  }

  /** The lesson in the current language (LESSON.zh.md or LESSON.md), or null when there is none yet. */
  get lesson(): string | null {
    return this.openedLesson;
  }

  private steps(mode: 'demo' | 'check', fast: boolean, exercise?: string, port = this.lab.port) {
    const chosen = mode === 'check' ? exerciseOf(this.lab, exercise) : null;
    return planOf(this.lab, planInput(this.lab, mode, fast, port, chosen));
  }

  /** The steps a run in this mode will play, known before it starts. */
  private planned(mode: 'demo' | 'check', fast: boolean, exercise?: string): PlannedRun {
    return { titles: this.steps(mode, fast, exercise).map((step) => step.title), sides: sidesOf(this.lab) };
  }

  /**
   * The lab (and its lesson) loaded again, in a new language. Before a run the plan is
   * drawn again; after one, its step titles, expectation texts and held question are taken
   * from the new plan by position and id (what the kernel showed stays as the run said it).
   */
  relabel(lab: Lab, lesson: string | null): void {
    this.openedLab = lab;
    this.openedLesson = lesson;
    const { run, held } = this.state;
    if (run.status === 'idle') {
      this.update({ run: plannedView(this.planned('demo', this.state.fast)) });
      return;
    }
    const steps = this.steps(this.request.mode, run.fast, this.request.exercise, run.port ?? lab.port);
    this.wording = {
      titles: steps.map((step) => step.title),
      texts: new Map(
        steps.flatMap((s) =>
          s.actions.flatMap((a) => (a.expectation ? [a.expectation] : [])).map((e) => [e.id, e.text]),
        ),
      ),
      questions: steps.map((step) => {
        try {
          return predictionOf(step);
        } catch {
          return null;
        }
      }),
    };
    this.update({ run: reword(run, this.wording), held: held && this.reworded(held) });
  }

  /** A held step in the current wording: its title, and its question if the new plan asks the same. */
  private reworded(held: NonNullable<SessionState['held']>): SessionState['held'] {
    if (!this.wording) return held;
    const title = this.wording.titles[held.index] ?? held.title;
    const question = this.wording.questions[held.index];
    const same = held.predict && question && question.choices.length === held.predict.choices.length;
    return { ...held, title, predict: same ? question : held.predict };
  }

  readonly getState = (): SessionState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(change: Partial<SessionState>): void {
    this.state = { ...this.state, ...change };
    this.notify();
  }

  private lastNotified = 0;
  private pendingNotify: NodeJS.Timeout | null = null;

  private notify(): void {
    if (this.pendingNotify) clearTimeout(this.pendingNotify);
    this.pendingNotify = null;
    this.lastNotified = performance.now();
    for (const listener of this.listeners) listener();
  }

  /**
   * Socket samples arrive at the sampler's rate (20 Hz); the screen redraws for them at
   * most REDRAW_HZ times a second — enough to watch, half the CPU. Every other change
   * (a step, an expectation, a key) is shown at once.
   */
  private sampled(run: SessionState['run']): void {
    this.state = { ...this.state, run };
    if (this.pendingNotify) return;
    const wait = 1000 / REDRAW_HZ - (performance.now() - this.lastNotified);
    if (wait <= 0) this.notify();
    else this.pendingNotify = setTimeout(() => this.notify(), wait);
  }

  get running(): boolean {
    return isActive(this.state.run.status);
  }

  /** Start a run unless one is going; returns whether it started. */
  start(request: StartRequest): boolean {
    if (this.running) return false;
    const controller = new AbortController();
    this.controller = controller;
    const plan = this.planned(request.mode, this.state.fast, request.exercise);
    this.request = request;
    this.wording = null;
    this.update({ run: startingView({ ...request, fast: this.state.fast }, plan), held: null });
    const options: RunOptions = {
      mode: request.mode,
      fast: this.state.fast,
      learnerFile: request.learnerFile,
      exercise: request.exercise,
      signal: controller.signal,
      keepPcap: (pcap) => {
        this.lastPcap = pcap;
      },
      onEvent: (event) => {
        if (this.controller !== controller) return;
        const run = applyEvent(this.state.run, event);
        if (event.type === 'sample') this.sampled(run);
        else this.update({ run: this.wording ? reword(run, this.wording) : run });
      },
      // Always gated, so step and predict mode can be switched on in the middle of a run.
      stepGate: (step) => {
        const asking = this.state.predictMode && step.predict !== null;
        if (!this.state.stepMode && !asking) return Promise.resolve(undefined);
        return new Promise<string | undefined>((resolve) => {
          this.release = (guess) => {
            this.release = null;
            this.update({ held: null });
            resolve(guess);
          };
          this.heldChoices = asking ? (step.predict?.choices ?? []) : [];
          this.update({ held: this.reworded({ ...step, predict: asking ? step.predict : null }) });
        });
      },
    };
    this.current = this.runner(this.lab, options).then(
      (report) => {
        if (this.controller === controller) {
          const run = finishView(this.state.run, report);
          this.update({ run: this.wording ? reword(run, this.wording) : run, held: null });
          this.controller = null;
        }
        this.onReport(report);
      },
      (error: unknown) => {
        // runLab reports its own failures; this is for a runner that throws anyway.
        if (this.controller === controller) {
          const message = error instanceof Error ? error.message : String(error);
          this.update({ run: failedView(this.state.run, message), held: null });
          this.controller = null;
        }
      },
    );
    return true;
  }

  /** Stop the run: every process it started is killed; the view ends "stopped". */
  stop(): void {
    if (!this.controller || !this.running) return;
    this.controller.abort();
    this.release = null;
    this.update({ run: { ...this.state.run, status: 'stopping' }, held: null });
  }

  /** Space in step mode: let the held step start (a step that asks waits for an answer). */
  next(): boolean {
    if (!this.release || this.state.held?.predict) return false;
    this.release();
    return true;
  }

  /** A number key while a step asks: that choice is the room's answer; the step runs. */
  answer(choice: number): boolean {
    // The runner's own choice: the one shown may be the same choice in another language.
    const guess = this.state.held?.predict ? this.heldChoices[choice - 1] : undefined;
    if (!this.release || !guess) return false;
    this.release(guess);
    return true;
  }

  /** An agenda item's modes, before its first run. */
  preset(modes: { fast: boolean; stepMode: boolean; predictMode: boolean }): void {
    this.update({ ...modes, run: plannedView(this.planned('demo', modes.fast)) });
  }

  togglePredictMode(): void {
    this.update({ predictMode: !this.state.predictMode });
  }

  /** `h`: one more hint of the last failed check; returns false when there is none left. */
  nextHint(): boolean {
    const { run } = this.state;
    if (run.hintsShown >= run.hints.length) return false;
    const hintsShown = run.hintsShown + 1;
    this.update({ run: { ...run, hintsShown } });
    if (run.report) this.onHints(run.report, hintsShown);
    return true;
  }

  /**
   * Tab at the `x` prompt: the exercise's starter, written where the learner ran npm (kept
   * if it is there already: it may hold their work). Returns the file's name.
   */
  writeStarter(exercise: Exercise, dir: string): { name: string; wrote: boolean } {
    if (!exercise.starter) throw new Error(t('notice.noStarterFile', { id: exercise.id }));
    const name = `${this.lab.id}-${exercise.id}${path.extname(exercise.starter)}`;
    const target = path.join(dir, name);
    if (existsSync(target)) return { name, wrote: false };
    copyFileSync(path.join(this.lab.dir, exercise.starter), target);
    return { name, wrote: true };
  }

  /** `w`: write the last run's capture where the learner ran npm; returns the file's path. */
  savePcap(dir: string): string | null {
    if (!this.lastPcap) return null;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const file = path.join(dir, `tcplabs-${this.lab.id}-${stamp}.pcap`);
    writeFileSync(file, this.lastPcap);
    return file;
  }

  toggleFast(): void {
    const fast = !this.state.fast;
    // Before a run, the plan's titles follow the pauses fast mode would take.
    const idle = this.state.run.status === 'idle';
    this.update(idle ? { fast, run: plannedView(this.planned('demo', fast)) } : { fast });
  }

  toggleStepMode(): void {
    const stepMode = !this.state.stepMode;
    this.update({ stepMode });
    if (!stepMode && !this.state.held?.predict) this.release?.();
  }

  /** Resolves once the current run (if any) has finished cleaning up. */
  async settled(): Promise<void> {
    await this.current;
  }

  /** Stop whatever runs and wait until everything it started is gone. */
  async dispose(): Promise<void> {
    this.stop();
    await this.settled();
  }
}
