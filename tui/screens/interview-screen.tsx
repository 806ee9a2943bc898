// `i` on the home screen: the interview questions, by topic. Enter picks one; the learner
// types their own answer and presses Enter; the lab that settles it runs in fast mode
// (one line of progress); then their answer, the model answer from that run's numbers (or
// why the run could not settle it), the follow-ups and the seed's myth. Esc or b goes back
// a level (a running lab is stopped); while an answer is typed only Esc does, b is a letter.

import { Box, type Key } from 'ink';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { RunReport } from '../../checker/verdict.ts';
import type { Lab } from '../../labs/kit/lab.ts';
import { loadLabs } from '../../labs/kit/registry.ts';
import { Lines } from '../components/lines.tsx';
import type { InterviewRuns } from '../interview-runs.ts';
import { useKeys } from '../keys.tsx';
import type { LabSession } from '../lab-session.ts';
import {
  type Asked,
  answerLines,
  previewLines,
  progressLine,
  questionLines,
  questionListLines,
  questionsOf,
  settledLines,
} from '../panes/interview.ts';
import { isActive, type RunView } from '../run-view.ts';
import type { StyledLine } from '../styled-line.ts';
import { editText } from '../text-input.ts';
import { useLiveState } from '../use-live-state.ts';
import { t } from '../words.ts';

export interface InterviewScreenProps {
  width: number;
  height: number;
  /** While false (help is open, the app is quitting) the screen ignores keys. */
  active: boolean;
  runs: InterviewRuns;
  /** Keeps the learner's answer (the app's ProgressStore). */
  onSave: (id: string, answer: string) => void;
  onBack: () => void;
  onQuit: () => void;
  onHelp: () => void;
  onLang?: () => void;
  /** The labs whose questions are listed (the registry's by default). */
  loadLabs?: () => Promise<readonly Lab[]>;
}

type Phase =
  | { kind: 'list' }
  | { kind: 'answer'; asked: Asked; text: string }
  | { kind: 'run'; asked: Asked; answer: string; session: LabSession };

const noRun = () => null;
const noSubscribe = () => () => {};

/** The run's view, redrawn as it changes; null before there is a run. */
function useRunView(session: LabSession | null): RunView | null {
  return useSyncExternalStore(session?.subscribe ?? noSubscribe, session ? () => session.getState().run : noRun);
}

/** The labs, loaded once when the screen opens; their questions are read from them at each draw. */
function useLabs(load: () => Promise<readonly Lab[]>): { labs: readonly Lab[] | null; error: string | null } {
  const [loaded, setLoaded] = useState<{ labs: readonly Lab[] | null; error: string | null }>({
    labs: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    load().then(
      (labs) => live && setLoaded({ labs, error: null }),
      (error: unknown) => live && setLoaded({ labs: null, error: (error as Error).message ?? String(error) }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return loaded;
}

/** Leaving the screen stops its run, whichever way it is left. */
function useStopOnLeave(runs: InterviewRuns, phase: { readonly current: Phase }): void {
  useEffect(
    () => () => {
      const left = phase.current;
      if (left.kind === 'run') runs.end(left.session);
    },
    [runs, phase],
  );
}

/** How far a key scrolls (0: not a scrolling key). */
function scrollBy(input: string, key: Key, page: number): number {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.pageUp) return -page;
  if (key.pageDown) return page;
  return 0;
}

function footerLine(phase: Phase['kind'], running: boolean): StyledLine {
  const pairs: Array<[string, string]> =
    phase === 'list'
      ? [
          ['↑↓ j k', t('interview.choose')],
          ['Enter', t('interview.pick')],
          ['Esc b', t('interview.back')],
        ]
      : phase === 'answer'
        ? [
            ['Enter', t('interview.submit')],
            ['Esc', t('interview.back')],
          ]
        : [...(running ? [] : [['↑↓ j k', t('interview.scroll')] as [string, string]]), ['Esc b', t('interview.back')]];
  if (phase !== 'answer') pairs.push(['L', t('key.lang')], ['?', t('home.help')], ['q', t('home.quit')]);
  return pairs.flatMap(([key, what]) => [
    { text: key, tone: 'key' as const },
    { text: ` ${what}  `, tone: 'dim' as const },
  ]);
}

/** The body under the header for a phase: the list follows the highlight, the rest scrolls. */
function bodyLines(
  phase: Phase,
  all: readonly Asked[],
  selected: string | undefined,
  run: RunView | null,
  width: number,
) {
  if (phase.kind === 'list') return questionListLines(all, selected);
  const lines = [...questionLines(phase.asked, width)];
  if (phase.kind === 'answer') return { lines: [...lines, ...answerLines(phase.text, width, true)], selectedRow: null };
  lines.push(...answerLines(phase.answer, width, false));
  if (run && isActive(run.status)) lines.push(progressLine(phase.asked.lab, run));
  else if (run) lines.push(...settledLines(phase.asked.question, run, width));
  return { lines, selectedRow: null };
}

interface PageInput {
  phase: Phase;
  labs: readonly Lab[] | null;
  error: string | null;
  all: readonly Asked[];
  selected: string | undefined;
  run: RunView | null;
  scroll: number;
  width: number;
  height: number;
}

/** What the screen draws: a header, the rows of the body in view, the list's preview. */
function pageOf({ phase, labs, error, all, selected, run, scroll, width, height }: PageInput) {
  const header: StyledLine[] = [
    [
      { text: t('interview.title'), tone: 'title' },
      ...(labs ? [{ text: `  ${t('interview.count', { n: all.length })}`, tone: 'dim' as const }] : []),
    ],
    [],
  ];
  const highlighted = all.find((a) => a.question.id === selected) ?? all[0];
  // Under the list, the highlighted question in full: the list's lines cut it at the width.
  const preview = phase.kind === 'list' && highlighted ? [[], ...previewLines(highlighted, width)] : [];
  const rows = Math.max(1, height - header.length - preview.length - 1);
  const body = bodyLines(phase, all, highlighted?.question.id, run, width);
  let lines = body.lines;
  if (!labs) lines = [[{ text: error ? t('interview.loadFailed', { error }) : t('interview.loading'), tone: 'dim' }]];
  else if (all.length === 0) lines = [[{ text: t('interview.none'), tone: 'dim' }]];
  // The list keeps the highlight in view; the other phases scroll, and a run in progress
  // keeps its progress line (the last) in view.
  const maxTop = Math.max(0, lines.length - rows);
  const top =
    body.selectedRow !== null
      ? Math.max(0, Math.min(body.selectedRow - Math.floor(rows / 2), maxTop))
      : run && isActive(run.status)
        ? maxTop
        : Math.min(scroll, maxTop);
  return { header, preview, rows, maxTop, shown: lines.slice(top, top + rows) };
}

export function InterviewScreen(props: InterviewScreenProps) {
  const { width, height, active, runs, onBack } = props;
  const { labs, error } = useLabs(props.loadLabs ?? loadLabs);
  const all = labs ? questionsOf(labs) : [];
  // Live state: keys handled before the next render must see each other's effect (a typed answer, then Enter).
  const [phase, setPhase, livePhase] = useLiveState<Phase>({ kind: 'list' });
  const [selected, setSelected, liveSelected] = useLiveState<string | undefined>(undefined);
  const [scroll, setScroll, liveScroll] = useLiveState(0);
  const session = phase.kind === 'run' ? phase.session : null;
  const run = useRunView(session);
  const running = run !== null && isActive(run.status);
  // How far the page can scroll, as last drawn: the scroll keys stop there.
  const lastTop = useRef(0);

  useStopOnLeave(runs, livePhase);

  const current = () => all.find((a) => a.question.id === liveSelected.current) ?? all[0];
  const move = (by: number) => {
    const from = current();
    const at = from ? all.indexOf(from) : 0;
    const next = all[Math.min(all.length - 1, Math.max(0, at + by))];
    if (next) setSelected(next.question.id);
  };
  const toList = () => {
    const left = livePhase.current;
    if (left.kind === 'run') runs.end(left.session);
    setScroll(0);
    setPhase({ kind: 'list' });
  };
  const submit = (asked: Asked, text: string) => {
    const answer = text.trim();
    if (answer === '') return;
    // The answer is kept once the run has a report; a run stopped on the way keeps nothing.
    const keep = (report: RunReport) => report.error !== 'stopped' && props.onSave(asked.question.id, answer);
    setScroll(0);
    setPhase({ kind: 'run', asked, answer, session: runs.start(asked.lab, keep) });
  };

  const handleKey = (input: string, key: Key) => {
    if (key.ctrl && input === 'c') return; // the app owns Ctrl-C
    const now = livePhase.current;
    if (now.kind === 'answer') {
      if (key.escape) return toList();
      if (key.return) return submit(now.asked, now.text);
      const edited = editText(now.text, input, key);
      if (edited !== null) setPhase({ ...now, text: edited });
      return;
    }
    if (key.escape || input === 'b') return now.kind === 'list' ? onBack() : toList();
    if (input === '?') return props.onHelp();
    if (input === 'L') return props.onLang?.();
    if (input === 'q') return props.onQuit();
    const by = scrollBy(input, key, Math.max(1, height - 4));
    if (now.kind === 'run') return setScroll(Math.max(0, Math.min(lastTop.current, liveScroll.current + by)));
    if (by !== 0) return move(by);
    const picked = current();
    if (key.return && picked) {
      setSelected(picked.question.id);
      setPhase({ kind: 'answer', asked: picked, text: '' });
    }
  };
  useKeys(handleKey, active);

  const page = pageOf({ phase, labs, error, all, selected, run, scroll, width, height });
  lastTop.current = page.maxTop;
  const { header, preview } = page;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={header} width={width} />
      <Lines lines={page.shown} width={width} height={page.rows} />
      {preview.length > 0 ? <Lines lines={preview} width={width} /> : null}
      <Lines lines={[footerLine(phase.kind, running)]} width={width} />
    </Box>
  );
}
