// One open lab and its runs. The lab screen renders a LabSession's state; the app asks it
// to start, stop or release the next step. It owns the AbortController that stops a run
// (runLab then kills every process it started and resolves with the error "stopped") and
// the gate that holds each step in step mode.

import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunReport } from '../checker/verdict.ts';
import { type Exercise, exerciseOf, type Lab, sidesOf } from '../labs/kit/lab.ts';
import type { PredictionView } from '../labs/kit/predict.ts';
import { planInput, planOf, type RunOptions, runLab } from '../labs/kit/runner.ts';
import {
  applyEvent,
  failedView,
  finishView,
  isActive,
  type PlannedRun,
  plannedView,
  type RunView,
  startingView,
} from './run-view.ts';

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
  readonly lab: Lab;
  /** LESSON.md, or null when the lab has none yet. */
  readonly lesson: string | null;
  private state: SessionState;
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
    this.lab = lab;
    this.lesson = lesson;
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

  /** The steps a run in this mode will play, known before it starts. */
  private planned(mode: 'demo' | 'check', fast: boolean, exercise?: string): PlannedRun {
    const chosen = mode === 'check' ? exerciseOf(this.lab, exercise) : null;
    const titles = planOf(this.lab, planInput(this.lab, mode, fast, this.lab.port, chosen)).map((step) => step.title);
    return { titles, sides: sidesOf(this.lab) };
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
        else this.update({ run });
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
          this.update({ held: { ...step, predict: asking ? step.predict : null } });
        });
      },
    };
    this.current = this.runner(this.lab, options).then(
      (report) => {
        if (this.controller === controller) {
          this.update({ run: finishView(this.state.run, report), held: null });
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
    const predict = this.state.held?.predict;
    const guess = predict?.choices[choice - 1];
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
    if (!exercise.starter) throw new Error(`exercise ${exercise.id} has no starter file`);
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
