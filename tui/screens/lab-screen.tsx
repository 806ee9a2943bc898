// The lab screen — what the projector shows: the socket table across the top, the steps
// and the lesson on the left, the timeline, the verdict and the counters on the right
// (one column below 100 columns). Every pane gets an exact height so the screen is always
// one row shorter than the terminal.

import path from 'node:path';
import { Box, type Key } from 'ink';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Lines } from '../components/lines.tsx';
import { cutBottom, cutTop, Pane } from '../components/pane.tsx';
import { seconds } from '../format.ts';
import { useKeys } from '../keys.tsx';
import type { LabSession, SessionState } from '../lab-session.ts';
import { allocateRows, type PaneRequest, TWO_COLUMNS_FROM } from '../layout.ts';
import { resolveLearnerPath } from '../learner-path.ts';
import { countersLines } from '../panes/counters.ts';
import { lessonLines } from '../panes/lesson.ts';
import { socketTableLines, socketTableWant } from '../panes/socket-table.ts';
import { stepsLines } from '../panes/steps.ts';
import { timelineLines } from '../panes/timeline.ts';
import { verdictLines } from '../panes/verdict.ts';
import { isActive, type RunStatus } from '../run-view.ts';
import { cellWidth, type StyledLine } from '../styled-line.ts';
import { editText } from '../text-input.ts';
import type { Tone } from '../theme.tsx';
import { useLiveState } from '../use-live-state.ts';

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
}

const STATUS_BADGE: Record<RunStatus, { text: string; tone: Tone }> = {
  idle: { text: ' READY ', tone: 'badge-idle' },
  starting: { text: ' STARTING ', tone: 'badge-idle' },
  running: { text: ' RUNNING ', tone: 'badge-idle' },
  stopping: { text: ' STOPPING ', tone: 'badge-idle' },
  pass: { text: ' PASS ', tone: 'badge-pass' },
  fail: { text: ' FAIL ', tone: 'badge-fail' },
  error: { text: ' ERROR ', tone: 'badge-fail' },
  stopped: { text: ' STOPPED ', tone: 'badge-idle' },
};

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

function headerLines(state: SessionState, session: LabSession, sandbox: string, width: number): StyledLine[] {
  const { run } = state;
  const badge = STATUS_BADGE[run.status];
  const title: StyledLine = [
    { text: 'tcplabs › ', tone: 'dim' },
    { text: session.lab.id, tone: 'title' },
    { text: `  ${session.lab.title}` },
  ];
  const titleCells = title.reduce((sum, s) => sum + cellWidth(s.text), 0);
  const gap = Math.max(1, width - titleCells - cellWidth(badge.text));
  const parts: StyledLine = [
    { text: `sandbox ${run.sandbox ?? sandbox}` },
    { text: ' · ', tone: 'dim' },
    { text: `port ${run.port ?? session.lab.port}` },
    { text: ' · ', tone: 'dim' },
    { text: `fast ${state.fast ? 'on' : 'off'}`, tone: state.fast ? 'key' : undefined },
    { text: ' · ', tone: 'dim' },
    { text: `step mode ${state.stepMode ? 'on' : 'off'}`, tone: state.stepMode ? 'key' : undefined },
  ];
  if (run.status !== 'idle') parts.push({ text: ' · ', tone: 'dim' }, { text: seconds(run.elapsedMs) });
  if (run.mode === 'check' && run.learnerFile) {
    parts.push({ text: ' · ', tone: 'dim' }, { text: `checking ${path.basename(run.learnerFile)}`, tone: 'key' });
  }
  if (state.held)
    parts.push({ text: ' · ', tone: 'dim' }, { text: `⏸ step ${state.held.index + 1}: space`, tone: 'warn' });
  return [[...title, { text: ' '.repeat(gap) }, badge], parts];
}

function footerLine(
  state: SessionState,
  prompt: string | null,
  notice: string | null,
  hasExercise: boolean,
  width: number,
): StyledLine {
  if (prompt !== null) {
    return [
      { text: 'your server file: ', tone: 'key' },
      { text: prompt },
      { text: '█', tone: 'dim' },
      { text: '   Enter checks it · Esc cancels', tone: 'dim' },
    ];
  }
  if (notice) return [{ text: notice, tone: 'warn' }];
  const running = isActive(state.run.status);
  // Toggles are named, not their next state: the header says what is on.
  const short = width < 100;
  const key = (k: string, what: string, brief = what): StyledLine => [
    { text: k, tone: 'key' },
    { text: ` ${short ? brief : what}${short ? ' ' : '  '}`, tone: 'dim' },
  ];
  return [
    ...(running ? key('Ctrl-C', 'stop') : key('r', state.run.status === 'idle' ? 'run' : 'rerun')),
    ...key('f', 'fast mode', 'fast'),
    ...key('s', 'step mode', 'step'),
    ...(state.held ? key('space', 'next step', 'next') : []),
    ...(hasExercise ? key('x', 'check your server', 'check') : []),
    ...key('↑↓', 'lesson'),
    ...key('b', 'back'),
    ...key('?', 'help'),
    ...key('q', 'quit'),
  ];
}

export function LabScreen(props: LabScreenProps) {
  const { session, sandbox, width, height, onBack, onQuit, onHelp, active, appNotice } = props;
  const state = useSyncExternalStore(session.subscribe, session.getState);
  // Live state: keys handled before the next render must see each other's effect
  // (x, then a pasted path, then Enter).
  const [scroll, setScroll] = useLiveState(0);
  const [prompt, setPrompt, livePrompt] = useLiveState<string | null>(null);
  const [, setLastFile, liveLastFile] = useLiveState('');
  const [notice, setNotice] = useState<string | null>(null);
  const { run } = state;
  const running = isActive(run.status);
  const spinner = useSpinner(run.status, run.elapsedMs);
  useEffect(() => {
    if (appNotice) setNotice(appNotice);
  }, [appNotice]);

  const twoColumns = width >= TWO_COLUMNS_FROM;
  const leftWidth = twoColumns ? Math.floor(width * 0.4) : width;
  const rightWidth = twoColumns ? width - leftWidth - 1 : width;
  const lesson = useMemo(
    () => lessonLines(session.lab, session.lesson, leftWidth),
    [session.lab, session.lesson, leftWidth],
  );

  // Rows: two header lines, one footer line; the rest is the body.
  const body = Math.max(0, height - 3);
  const socketsWant = 1 + socketTableWant(run.sockets.length);
  const socketsRows = Math.min(Math.max(3, Math.floor(body * 0.4)), socketsWant);
  const columnRows = body - socketsRows;

  const steps = stepsLines(run, leftWidth, spinner);
  const verdict = verdictLines(run, rightWidth);
  const counters = countersLines(run.counters, rightWidth);
  // What the timeline would like (an entry is a line or more); it is drawn only once its
  // rows are known.
  const timelineWant = run.timeline.length + (run.timelineDropped > 0 ? 3 : 2);
  const started = run.status !== 'idle';

  let rows: Record<string, number>;
  if (twoColumns) {
    const left = allocateRows(
      columnRows,
      [
        { key: 'steps', want: steps.length + 1, min: 2 },
        { key: 'lesson', want: 4, min: 3 },
      ],
      'lesson',
    );
    const right = allocateRows(
      columnRows,
      [
        { key: 'verdict', want: verdict.length + 1, min: 3 },
        { key: 'counters', want: counters.length + 1, min: 2 },
        { key: 'timeline', want: timelineWant, min: 3 },
      ],
      'timeline',
    );
    rows = { ...left, ...right };
  } else {
    const panes: PaneRequest[] = started
      ? [
          // One column, a run under way or done: what the run shows first; the lesson
          // (read before running, and scrollable) gets what is left, if anything.
          { key: 'steps', want: Math.min(steps.length + 1, 4), min: 2 },
          { key: 'verdict', want: verdict.length + 1, min: 3 },
          { key: 'timeline', want: Math.min(timelineWant, 8), min: 4 },
          { key: 'counters', want: counters.length + 1, min: 2 },
          { key: 'lesson', want: 4, min: 0 },
        ]
      : [
          { key: 'lesson', want: 8, min: 3 },
          { key: 'steps', want: steps.length + 1, min: 2 },
          { key: 'verdict', want: verdict.length + 1, min: 2 },
          { key: 'timeline', want: 2, min: 0 },
          { key: 'counters', want: 2, min: 0 },
        ];
    rows = allocateRows(columnRows, panes, 'lesson');
  }
  const lessonRows = Math.max(0, (rows.lesson ?? 0) - 1);
  const maxScroll = Math.max(0, lesson.length - lessonRows);
  const top = Math.min(scroll, maxScroll);

  const handleKey = (input: string, key: Key) => {
    if (key.ctrl && input === 'c') return; // the app owns Ctrl-C
    const prompt = livePrompt.current;
    if (prompt !== null) {
      if (key.escape) setPrompt(null);
      else if (key.return) {
        const file = prompt.trim();
        setPrompt(null);
        if (file === '') return;
        setLastFile(file);
        session.start({ mode: 'check', learnerFile: resolveLearnerPath(file) });
      } else {
        const edited = editText(prompt, input, key);
        if (edited !== null) setPrompt(edited);
      }
      return;
    }
    setNotice(null);
    if (key.escape || input === 'b') onBack();
    else if (input === 'q') onQuit();
    else if (input === '?') onHelp();
    else if (input === 'r') {
      if (!session.start({ mode: 'demo' })) setNotice('a run is going: Ctrl-C stops it');
    } else if (input === 'f') session.toggleFast();
    else if (input === 's') session.toggleStepMode();
    else if (input === ' ') {
      if (!session.next())
        setNotice(session.getState().stepMode ? 'no step is waiting' : 'space starts the next step in step mode (s)');
    } else if (input === 'x') {
      if (!session.lab.exercise) setNotice('this lab has no exercise to check your own server against');
      else if (session.running) setNotice('a run is going: Ctrl-C stops it');
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

  const header = headerLines(state, session, sandbox, width);
  const emptySockets =
    run.status === 'idle'
      ? 'no sockets yet: r runs the lab'
      : running
        ? 'no sockets yet'
        : 'no sockets were open at the end';
  const socketLines = socketTableLines(run.sockets, width, socketsRows - 1, emptySockets);
  const scrollNote =
    lesson.length > lessonRows ? `${top + 1}–${Math.min(lesson.length, top + lessonRows)}/${lesson.length} ↑↓` : '';

  const leftPanes = (
    <>
      <Pane title="Steps" width={leftWidth} height={rows.steps ?? 0} lines={cutTop(steps, (rows.steps ?? 1) - 1)} />
      <Pane
        title="Lesson"
        note={scrollNote}
        width={leftWidth}
        height={rows.lesson ?? 0}
        lines={lesson.slice(top, top + lessonRows)}
      />
    </>
  );
  const rightPanes = (
    <>
      <Pane
        title="Timeline"
        note={run.timeline.length > 0 ? 'ms since start' : ''}
        width={rightWidth}
        height={rows.timeline ?? 0}
        lines={timelineLines(run, rightWidth, (rows.timeline ?? 1) - 1)}
      />
      <Pane
        title="Verdict"
        width={rightWidth}
        height={rows.verdict ?? 0}
        lines={cutBottom(verdict, (rows.verdict ?? 1) - 1, 'more lines (a taller terminal shows them)')}
      />
      <Pane
        title="Kernel counters"
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
        title="Sockets"
        note={run.sockets.length > 0 ? `${run.sockets.length} in the table` : ''}
        width={width}
        height={socketsRows}
        lines={socketLines}
      />
      {twoColumns ? (
        <Box flexDirection="row" height={columnRows}>
          <Box flexDirection="column" width={leftWidth}>
            {leftPanes}
          </Box>
          <Lines lines={Array.from({ length: columnRows }, () => [{ text: '│', tone: 'dim' as const }])} width={1} />
          <Box flexDirection="column" width={rightWidth}>
            {rightPanes}
          </Box>
        </Box>
      ) : (
        <Box flexDirection="column" height={columnRows}>
          <Pane title="Steps" width={width} height={rows.steps ?? 0} lines={cutTop(steps, (rows.steps ?? 1) - 1)} />
          {rightPanes}
          <Pane
            title="Lesson"
            note={scrollNote}
            width={width}
            height={rows.lesson ?? 0}
            lines={lesson.slice(top, top + lessonRows)}
          />
        </Box>
      )}
      <Lines lines={[footerLine(state, prompt, notice, Boolean(session.lab.exercise), width)]} width={width} />
    </Box>
  );
}
