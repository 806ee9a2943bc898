// The lab screen's first two rows (which lab, its status, the sandbox, fast and step
// mode, the run's clock, a held step) and its last (the keys, a notice, or the prompt for
// the learner's file).

import path from 'node:path';
import { seconds } from '../format.ts';
import type { SessionState } from '../lab-session.ts';
import { isActive, type RunStatus } from '../run-view.ts';
import { cellWidth, fitLine, lineText, lineWidth, type StyledLine } from '../styled-line.ts';
import type { Tone } from '../theme.tsx';
import { roleName, type TuiKey, t } from '../words.ts';

const STATUS_BADGE: Record<RunStatus, { key: TuiKey; tone: Tone }> = {
  idle: { key: 'badge.ready', tone: 'badge-idle' },
  starting: { key: 'badge.starting', tone: 'badge-idle' },
  running: { key: 'badge.running', tone: 'badge-idle' },
  stopping: { key: 'badge.stopping', tone: 'badge-idle' },
  pass: { key: 'badge.pass', tone: 'badge-pass' },
  fail: { key: 'badge.fail', tone: 'badge-fail' },
  error: { key: 'badge.error', tone: 'badge-fail' },
  stopped: { key: 'badge.stopped', tone: 'badge-idle' },
};

const DOT: StyledLine[number] = { text: ' · ', tone: 'dim' };

/** One item of the status row, and when it gives way on a narrow screen (0: never, else lowest first). */
interface StatusItem {
  segment: StyledLine[number];
  drop: number;
}

/** The second row: the sandbox, the port, the modes, the clock, what is checked, a held step. */
function statusItems(state: SessionState, lab: { port: number }, sandbox: string): StatusItem[] {
  const { run } = state;
  const items: StatusItem[] = [
    { segment: { text: t('bar.sandbox', { mode: run.sandbox ?? sandbox }) }, drop: 1 },
    { segment: { text: t('bar.port', { port: run.port ?? lab.port }) }, drop: 2 },
    { segment: { text: t(state.fast ? 'bar.fastOn' : 'bar.fastOff'), tone: state.fast ? 'key' : undefined }, drop: 3 },
    {
      segment: { text: t(state.stepMode ? 'bar.stepOn' : 'bar.stepOff'), tone: state.stepMode ? 'key' : undefined },
      drop: 4,
    },
  ];
  if (state.predictMode) items.push({ segment: { text: t('bar.predictOn'), tone: 'key' }, drop: 5 });
  if (run.status !== 'idle') items.push({ segment: { text: seconds(run.elapsedMs) }, drop: 0 });
  if (run.mode === 'check' && run.learnerFile) {
    const file = path.basename(run.learnerFile);
    items.push({ segment: { text: t('bar.checking', { file }), tone: 'key' }, drop: 6 });
  }
  if (state.held) {
    const how = t(state.held.predict ? 'bar.heldAnswer' : 'bar.heldSpace');
    items.push({ segment: { text: t('bar.held', { n: state.held.index + 1, how }), tone: 'warn' }, drop: 0 });
  }
  return items;
}

/** The items joined by dots; on a narrow screen the least needed go first (what waits stays). */
function statusRow(items: StatusItem[], width: number): StyledLine {
  const row = (kept: StatusItem[]) => kept.flatMap((item, i) => (i === 0 ? [item.segment] : [DOT, item.segment]));
  let kept = items;
  while (lineWidth(row(kept)) > width) {
    const lowest = kept.filter((item) => item.drop > 0).sort((a, b) => a.drop - b.drop)[0];
    if (!lowest) break;
    kept = kept.filter((item) => item !== lowest);
  }
  return row(kept);
}

export function headerLines(
  state: SessionState,
  lab: { id: string; title: string; port: number },
  sandbox: string,
  width: number,
): StyledLine[] {
  const status = STATUS_BADGE[state.run.status];
  const badge = { text: ` ${t(status.key)} `, tone: status.tone };
  const title: StyledLine = [
    { text: 'tcplabs › ', tone: 'dim' },
    { text: lab.id, tone: 'title' },
    { text: `  ${lab.title}` },
  ];
  // A long title gives way to the badge, which stays at the right edge.
  const room = Math.max(0, width - cellWidth(badge.text) - 1);
  const shown = fitLine(title, room);
  const gap = Math.max(1, width - lineWidth(shown) - cellWidth(badge.text));
  return [[...shown, { text: ' '.repeat(gap) }, badge], statusRow(statusItems(state, lab, sandbox), width)];
}

/** The `x` prompt: what is typed, and for which exercise. */
export interface PromptView {
  text: string;
  role: string;
  exercise: string;
  /** The lab has more than one exercise (↑↓ switches). */
  several: boolean;
  hasStarter: boolean;
}

function promptLine(prompt: PromptView, notice: string | null): StyledLine {
  const keys = [
    t('prompt.enter'),
    ...(prompt.hasStarter ? [t('prompt.tab')] : []),
    ...(prompt.several ? [t('prompt.switch')] : []),
    t('prompt.escape'),
  ];
  return [
    { text: t('prompt.file', { role: roleName(prompt.role), exercise: prompt.exercise }), tone: 'key' },
    { text: prompt.text },
    { text: '█', tone: 'dim' },
    notice ? { text: `   ${notice}`, tone: 'warn' } : { text: `   ${keys.join(' · ')}`, tone: 'dim' },
  ];
}

/** A key in the footer: the key, its full label and its brief one. */
interface FooterKey {
  key: string;
  full: string;
  brief: string;
  /** Dropped, lowest first, when even the brief labels do not fit; 0 is never dropped. */
  drop: number;
}

function footerKeys(state: SessionState, hasExercise: boolean): FooterKey[] {
  const running = isActive(state.run.status);
  const k = (key: string, full: TuiKey, brief: TuiKey, drop: number): FooterKey => ({
    key,
    full: t(full),
    brief: t(brief),
    drop,
  });
  const run: TuiKey = state.run.status === 'idle' ? 'footer.run' : 'footer.rerun';
  return [
    running ? k('Ctrl-C', 'footer.stop', 'footer.stop', 0) : k('r', run, run, 0),
    k('f', 'footer.fast', 'footer.fastBrief', 8),
    k('s', 'footer.step', 'footer.stepBrief', 7),
    k('p', 'footer.predict', 'footer.predictBrief', 3),
    k('z', 'footer.projector', 'footer.projectorBrief', 2),
    ...(state.held ? [{ key: t('key.space'), full: t('footer.next'), brief: t('footer.nextBrief'), drop: 0 }] : []),
    ...(hasExercise ? [k('x', 'footer.check', 'footer.checkBrief', 6)] : []),
    ...(!running && state.run.report ? [k('w', 'footer.pcap', 'footer.pcapBrief', 4)] : []),
    k('↑↓', 'footer.lesson', 'footer.lesson', 1),
    k('b', 'footer.back', 'footer.back', 5),
    { key: 'L', full: t('key.lang'), brief: t('key.lang'), drop: 9 },
    k('?', 'footer.help', 'footer.help', 0),
    k('q', 'footer.quit', 'footer.quit', 0),
  ];
}

function drawKeys(keys: readonly FooterKey[], brief: boolean): StyledLine {
  return keys.flatMap(
    ({ key, full, brief: short }): StyledLine => [
      { text: key, tone: 'key' },
      { text: ` ${brief ? short : full}${brief ? ' ' : '  '}`, tone: 'dim' },
    ],
  );
}

export function footerLine(
  state: SessionState,
  prompt: PromptView | null,
  notice: string | null,
  hasExercise: boolean,
  width: number,
): StyledLine {
  if (prompt !== null) return promptLine(prompt, notice);
  if (notice) return [{ text: notice, tone: 'warn' }];
  // Toggles are named, not their next state: the header says what is on. Full labels from
  // 100 columns; then brief ones; then the least needed keys give way (? lists them all).
  let keys = footerKeys(state, hasExercise);
  const fits = (line: StyledLine) => cellWidth(lineText(line).trimEnd()) <= width;
  if (width >= 100 && fits(drawKeys(keys, false))) return drawKeys(keys, false);
  while (!fits(drawKeys(keys, true))) {
    const lowest = keys.filter((k) => k.drop > 0).sort((a, b) => a.drop - b.drop)[0];
    if (!lowest) break;
    keys = keys.filter((k) => k !== lowest);
  }
  return drawKeys(keys, true);
}
