// The lab screen's first two rows (which lab, its status, the sandbox, fast and step
// mode, the run's clock, a held step) and its last (the keys, a notice, or the prompt for
// the learner's file).

import path from 'node:path';
import { seconds } from '../format.ts';
import type { SessionState } from '../lab-session.ts';
import { isActive, type RunStatus } from '../run-view.ts';
import { cellWidth, type StyledLine } from '../styled-line.ts';
import type { Tone } from '../theme.tsx';

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

export function headerLines(
  state: SessionState,
  lab: { id: string; title: string; port: number },
  sandbox: string,
  width: number,
): StyledLine[] {
  const { run } = state;
  const badge = STATUS_BADGE[run.status];
  const title: StyledLine = [
    { text: 'tcplabs › ', tone: 'dim' },
    { text: lab.id, tone: 'title' },
    { text: `  ${lab.title}` },
  ];
  const titleCells = title.reduce((sum, s) => sum + cellWidth(s.text), 0);
  const gap = Math.max(1, width - titleCells - cellWidth(badge.text));
  const parts: StyledLine = [
    { text: `sandbox ${run.sandbox ?? sandbox}` },
    { text: ' · ', tone: 'dim' },
    { text: `port ${run.port ?? lab.port}` },
    { text: ' · ', tone: 'dim' },
    { text: `fast ${state.fast ? 'on' : 'off'}`, tone: state.fast ? 'key' : undefined },
    { text: ' · ', tone: 'dim' },
    { text: `step mode ${state.stepMode ? 'on' : 'off'}`, tone: state.stepMode ? 'key' : undefined },
    ...(state.predictMode
      ? [
          { text: ' · ', tone: 'dim' as const },
          { text: 'predict on', tone: 'key' as const },
        ]
      : []),
  ];
  if (run.status !== 'idle') parts.push({ text: ' · ', tone: 'dim' }, { text: seconds(run.elapsedMs) });
  if (run.mode === 'check' && run.learnerFile) {
    parts.push({ text: ' · ', tone: 'dim' }, { text: `checking ${path.basename(run.learnerFile)}`, tone: 'key' });
  }
  if (state.held) {
    const how = state.held.predict ? 'answer with a number' : 'space';
    parts.push({ text: ' · ', tone: 'dim' }, { text: `⏸ step ${state.held.index + 1}: ${how}`, tone: 'warn' });
  }
  return [[...title, { text: ' '.repeat(gap) }, badge], parts];
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

export function footerLine(
  state: SessionState,
  prompt: PromptView | null,
  notice: string | null,
  hasExercise: boolean,
  width: number,
): StyledLine {
  if (prompt !== null) {
    const keys = [
      'Enter checks it',
      ...(prompt.hasStarter ? ['Tab: the starter'] : []),
      ...(prompt.several ? ['↑↓ exercise'] : []),
      'Esc cancels',
    ];
    return [
      { text: `your ${prompt.role} file (${prompt.exercise}): `, tone: 'key' },
      { text: prompt.text },
      { text: '█', tone: 'dim' },
      notice ? { text: `   ${notice}`, tone: 'warn' } : { text: `   ${keys.join(' · ')}`, tone: 'dim' },
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
    ...key('p', 'predict mode', 'predict'),
    ...key('z', 'projector', 'proj'),
    ...(state.held ? key('space', 'next step', 'next') : []),
    ...(hasExercise ? key('x', 'check your server', 'check') : []),
    ...(!running && state.run.report ? key('w', 'save capture', 'pcap') : []),
    ...key('↑↓', 'lesson'),
    ...key('b', 'back'),
    ...key('?', 'help'),
    ...key('q', 'quit'),
  ];
}
