// The lab screen — what the projector shows: the socket table across the top, the steps
// and the lesson on the left, the timeline, the verdict and the counters on the right
// (one column below 100 columns). Every pane gets an exact height so the screen is always
// one row shorter than the terminal.

import path from 'node:path';
import { Box, type Key } from 'ink';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { sparkline } from '../../checker/series.ts';
import type { Exercise } from '../../labs/kit/lab.ts';
import { Lines } from '../components/lines.tsx';
import { cutAround, cutBottom, Pane } from '../components/pane.tsx';
import { useKeys } from '../keys.tsx';
import { labLayout } from '../lab-layout.ts';
import type { LabSession } from '../lab-session.ts';
import { resolveLearnerPath } from '../learner-path.ts';
import { countersLines } from '../panes/counters.ts';
import { footerLine, headerLines } from '../panes/lab-bars.ts';
import { lessonLines } from '../panes/lesson.ts';
import { socketTableLines } from '../panes/socket-table.ts';
import { stepsLines, stepsPane as stepsOf } from '../panes/steps.ts';
import { timelineLines } from '../panes/timeline.ts';
import { verdictLines } from '../panes/verdict.ts';
import { isActive, type RunStatus, type RunView } from '../run-view.ts';
import { editText } from '../text-input.ts';
import { useLiveState } from '../use-live-state.ts';
import { roleName, t } from '../words.ts';

export interface LabScreenProps {
  session: LabSession;
  /** The sandbox labs will use here, shown before the first run says which it used. */
  sandbox: string;
  width: number;
  height: number;
  onBack: () => void;
  onQuit: () => void;
  onHelp: () => void;
  /** While false (help is open, the app is quitting) the screen ignores keys. */
  active: boolean;
  /** An app-wide problem (the progress file) to show once, until the next key. */
  appNotice?: string | null;
  /** Projector mode: no lesson; the socket table and the timeline get the whole width. */
  projector?: boolean;
  onProjector?: () => void;
  /** `L`: switch the language (the app reloads the lab in it). */
  onLang?: () => void;
}

/**
 * The spinner's frame. While a run samples the socket table the screen redraws anyway, so
 * the frame follows the run's clock; a timer ticks only while nothing else redraws
 * (opening the sandbox, stopping).
 */
function useSpinner(status: RunStatus, elapsedMs: number): number {
  const [tick, setTick] = useState(0);
  const idle = status === 'starting' || status === 'stopping';
  useEffect(() => {
    if (!idle) return;
    const timer = setInterval(() => setTick((n) => n + 1), 100);
    return () => clearInterval(timer);
  }, [idle]);
  return idle ? tick : Math.floor(elapsedMs / 100);
}

/** The Sockets pane's note: how many, and the lab's chart as a sparkline when it has one. */
function socketsNote(run: RunView, width: number): string {
  const count = run.sockets.length > 0 ? t('pane.inTable', { n: run.sockets.length }) : '';
  const series = run.series;
  if (!series || series.points.length === 0) return count;
  const now = series.points.at(-1)?.[1] ?? 0;
  const cells = Math.max(8, Math.min(40, Math.floor(width / 4)));
  const who = series.role ? ` (${roleName(series.role)})` : '';
  return `${series.state}${who} ${sparkline(series, cells, run.elapsedMs)} ${now}${count ? ` · ${count}` : ''}`;
}

/** Tab at the `x` prompt: the starter written (or found) where the learner ran npm; its name. */
function starterNotice(session: LabSession, exercise: Exercise, say: (text: string) => void): string | null {
  try {
    const dir = process.env.INIT_CWD || process.cwd();
    const { name, wrote } = session.writeStarter(exercise, dir);
    say(wrote ? t('notice.starterWritten', { file: path.join(dir, name) }) : t('notice.starterKept', { name }));
    return name;
  } catch (error) {
    say(t('notice.noStarter', { error: (error as Error).message }));
    return null;
  }
}

/** `w`: the last run's capture, written where the learner ran npm (INIT_CWD). */
function savedCaptureNotice(session: LabSession): string {
  try {
    const file = session.savePcap(process.env.INIT_CWD || process.cwd());
    return file ? t('notice.pcapSaved', { file }) : t('notice.noPcap');
  } catch (error) {
    return t('notice.pcapFailed', { error: (error as Error).message });
  }
}

export function LabScreen(props: LabScreenProps) {
  const { session, sandbox, width, height, onBack, onQuit, onHelp, active, appNotice, projector } = props;
  const state = useSyncExternalStore(session.subscribe, session.getState);
  // Live state: keys handled before the next render must see each other's effect
  // (x, then a pasted path, then Enter).
  const [scroll, setScroll] = useLiveState(0);
  const [prompt, setPrompt, livePrompt] = useLiveState<string | null>(null);
  const [, setLastFile, liveLastFile] = useLiveState('');
  const [exerciseAt, setExerciseAt, liveExerciseAt] = useLiveState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const { run } = state;
  const running = isActive(run.status);
  const spinner = useSpinner(run.status, run.elapsedMs);
  useEffect(() => {
    if (appNotice) setNotice(appNotice);
  }, [appNotice]);

  const layout = labLayout({
    width,
    height,
    projector,
    asking: Boolean(state.held?.predict),
    started: run.status !== 'idle',
    sockets: run.sockets.length,
    steps: (w) => stepsLines(run, w, spinner, state.held),
    verdict: (w) => verdictLines(run, w),
    counters: (w) => countersLines(run.counters, w),
    timelineEntries: run.timeline.length + (run.timelineDropped > 0 ? 1 : 0),
  });
  const { twoColumns, leftWidth, rightWidth, socketsRows, columnRows, rows, verdict, counters } = layout;
  // Cut around the step the room is on (and its question), not just to the newest lines.
  const steps = stepsOf(run, leftWidth, spinner, state.held);
  const lesson = useMemo(
    // A new language reloads the lab (a new session.lab), so its words are laid out again.
    () => lessonLines(session.lab, session.lesson, leftWidth),
    [session.lab, session.lesson, leftWidth],
  );
  const lessonRows = Math.max(0, (rows.lesson ?? 0) - 1);
  const maxScroll = Math.max(0, lesson.length - lessonRows);
  const top = Math.min(scroll, maxScroll);

  const exercises = session.lab.exercises ?? [];
  const exercise = exercises[exerciseAt % Math.max(1, exercises.length)];
  const promptView =
    prompt === null || !exercise
      ? null
      : {
          text: prompt,
          role: exercise.role,
          exercise: exercise.id,
          several: exercises.length > 1,
          hasStarter: Boolean(exercise.starter),
        };

  /** The `x` prompt: type a path (Enter checks it), Tab for the starter, ↑↓ for the exercise. */
  const promptKey = (prompt: string, input: string, key: Key) => {
    const current = exercises[liveExerciseAt.current % Math.max(1, exercises.length)];
    if (!key.tab) setNotice(null);
    if (key.escape) setPrompt(null);
    else if (key.upArrow || key.downArrow)
      setExerciseAt(liveExerciseAt.current + (key.upArrow ? exercises.length - 1 : 1));
    else if (key.tab && current) setPrompt(starterNotice(session, current, setNotice) ?? prompt);
    else if (key.return) {
      const file = prompt.trim();
      setPrompt(null);
      if (file === '') return;
      setLastFile(file);
      session.start({ mode: 'check', learnerFile: resolveLearnerPath(file), exercise: current?.id });
    } else {
      const edited = editText(prompt, input, key);
      if (edited !== null) setPrompt(edited);
    }
  };

  const handleKey = (input: string, key: Key) => {
    if (key.ctrl && input === 'c') return; // the app owns Ctrl-C
    const prompt = livePrompt.current;
    if (prompt !== null) {
      promptKey(prompt, input, key);
      return;
    }
    setNotice(null);
    if (key.escape || input === 'b') onBack();
    else if (input === 'q') onQuit();
    else if (input === '?') onHelp();
    else if (input === 'r') {
      if (!session.start({ mode: 'demo' })) setNotice(t('notice.running'));
    } else if (state.held?.predict && /^[1-9]$/.test(input)) {
      if (!session.answer(Number(input))) setNotice(t('notice.choose', { n: state.held.predict.choices.length }));
    } else if (input === 'L') props.onLang?.();
    else if (input === 'p') session.togglePredictMode();
    else if (input === 'z') props.onProjector?.();
    else if (input === 'f') session.toggleFast();
    else if (input === 's') session.toggleStepMode();
    else if (input === ' ') {
      if (!session.next()) setNotice(t(session.getState().stepMode ? 'notice.noStepWaits' : 'notice.spaceInStepMode'));
    } else if (input === 'h') {
      if (!session.nextHint()) setNotice(t(run.hints.length > 0 ? 'notice.noMoreHints' : 'notice.hintsLater'));
    } else if (input === 'w') {
      if (session.running) setNotice(t('notice.pcapLater'));
      else setNotice(savedCaptureNotice(session));
    } else if (input === 'x') {
      if (!session.lab.exercises?.length) setNotice(t('notice.noExercise'));
      else if (session.running) setNotice(t('notice.running'));
      else setPrompt(liveLastFile.current);
    } else {
      const page = Math.max(1, lessonRows - 1);
      const scrollBy = (by: number) =>
        setScroll((at) => Math.max(0, Math.min(maxScroll, Math.min(at, maxScroll) + by)));
      if (key.upArrow || input === 'k') scrollBy(-1);
      else if (key.downArrow || input === 'j') scrollBy(1);
      else if (key.pageUp) scrollBy(-page);
      else if (key.pageDown) scrollBy(page);
      else if (key.home || input === 'g') setScroll(0);
      else if (key.end || input === 'G') setScroll(maxScroll);
    }
  };
  useKeys(handleKey, active);

  const header = headerLines(state, session.lab, sandbox, width);
  const emptySockets = t(run.status === 'idle' ? 'sockets.idle' : running ? 'sockets.running' : 'sockets.ended');
  const socketLines = socketTableLines(run.sockets, width, socketsRows - 1, emptySockets);
  const scrollNote =
    // No note on a pane that has room only for its title (it would say 1–0).
    lessonRows > 0 && lesson.length > lessonRows
      ? `${top + 1}–${Math.min(lesson.length, top + lessonRows)}/${lesson.length} ↑↓`
      : '';

  // leftWidth is the whole width in one column, so these two serve both layouts.
  const stepsPane = (
    <Pane
      title={t('pane.steps')}
      width={leftWidth}
      height={rows.steps ?? 0}
      lines={cutAround(steps.lines, (rows.steps ?? 1) - 1, steps.focus)}
    />
  );
  const lessonPane = (
    <Pane
      title={t('pane.lesson')}
      note={scrollNote}
      width={leftWidth}
      height={rows.lesson ?? 0}
      lines={lesson.slice(top, top + lessonRows)}
    />
  );
  const rightPanes = (
    <>
      <Pane
        title={t('pane.timeline')}
        note={run.timeline.length > 0 ? t('pane.timelineNote') : ''}
        width={rightWidth}
        height={rows.timeline ?? 0}
        lines={timelineLines(run, rightWidth, (rows.timeline ?? 1) - 1)}
      />
      <Pane
        title={t('pane.verdict')}
        width={rightWidth}
        height={rows.verdict ?? 0}
        lines={cutBottom(verdict, (rows.verdict ?? 1) - 1, (n) => t('pane.moreLines', { n }))}
      />
      <Pane
        title={t('pane.counters')}
        width={rightWidth}
        height={rows.counters ?? 0}
        lines={cutBottom(counters, (rows.counters ?? 1) - 1)}
      />
    </>
  );

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={header} width={width} />
      <Pane
        title={t('pane.sockets')}
        note={socketsNote(run, width)}
        width={width}
        height={socketsRows}
        lines={socketLines}
      />
      {twoColumns ? (
        <Box flexDirection="row" height={columnRows}>
          <Box flexDirection="column" width={leftWidth}>
            {stepsPane}
            {lessonPane}
          </Box>
          <Lines lines={Array.from({ length: columnRows }, () => [{ text: '│', tone: 'dim' as const }])} width={1} />
          <Box flexDirection="column" width={rightWidth}>
            {rightPanes}
          </Box>
        </Box>
      ) : (
        <Box flexDirection="column" height={columnRows}>
          {stepsPane}
          {rightPanes}
          {lessonPane}
        </Box>
      )}
      <Lines lines={[footerLine(state, promptView, notice, exercises.length > 0, width)]} width={width} />
    </Box>
  );
}
