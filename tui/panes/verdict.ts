// The verdict: PASS/FAIL, then each expectation ✓/✗ with what the kernel showed and the
// `ss` command that shows it by hand; errors, and hints when the learner's check failed.

import { seconds } from '../format.ts';
import type { RunView } from '../run-view.ts';
import { type StyledLine, wrapSegments } from '../styled-line.ts';
import type { Tone } from '../theme.tsx';

const BADGES: Record<string, { text: string; tone: Tone }> = {
  pass: { text: ' PASS ', tone: 'badge-pass' },
  fail: { text: ' FAIL ', tone: 'badge-fail' },
  error: { text: ' ERROR ', tone: 'badge-fail' },
  stopped: { text: ' STOPPED ', tone: 'badge-idle' },
};

function headline(view: RunView): StyledLine {
  const held = view.expectations.filter((e) => e.ok).length;
  const total = view.expectations.length;
  const badge = BADGES[view.status];
  if (badge) {
    const detail =
      view.status === 'stopped'
        ? ` stopped after ${seconds(view.elapsedMs)}; every process of the run is gone`
        : ` ${held}/${total} expectations held · ${seconds(view.elapsedMs)}${view.mode === 'check' ? ' · your server' : ''}`;
    return [badge, { text: detail }];
  }
  if (view.status === 'idle') {
    return [
      { text: 'Each expectation appears here as it is judged, with the ss command to see it yourself.', tone: 'dim' },
    ];
  }
  return [{ text: `judging as the run goes: ${held}/${total} held so far`, tone: 'dim' }];
}

export function verdictLines(view: RunView, width: number): StyledLine[] {
  const lines: StyledLine[] = [];
  const head = headline(view);
  // A badge keeps its padding (wrapping would eat the spaces); the rest may wrap.
  if (BADGES[view.status]) lines.push(head);
  else lines.push(...wrapSegments(head, width));
  if (view.error) {
    const [first, ...rest] = view.error.split('\n');
    lines.push(
      ...wrapSegments(
        [{ text: first ?? '', tone: 'bad' }],
        width,
        [{ text: 'error: ', tone: 'bad' }],
        [{ text: '  ' }],
      ),
    );
    for (const more of rest) lines.push(...wrapSegments([{ text: more, tone: 'dim' }], width, [{ text: '  ' }]));
  }
  // Once the run is over, what failed comes first: it is what a cut pane must still show.
  const over = !['idle', 'starting', 'running', 'stopping'].includes(view.status);
  const ordered = over ? [...view.expectations].sort((a, b) => Number(a.ok) - Number(b.ok)) : view.expectations;
  for (const expectation of ordered) {
    lines.push(
      ...wrapSegments(
        [{ text: expectation.text }],
        width,
        [{ text: expectation.ok ? '✓ ' : '✗ ', tone: expectation.ok ? 'ok' : 'bad' }],
        [{ text: '  ' }],
      ),
    );
    lines.push(
      ...wrapSegments(
        [{ text: expectation.observed }],
        width,
        [{ text: '  saw: ', tone: 'dim' }],
        [{ text: '       ' }],
      ),
    );
    if (expectation.command) {
      lines.push(
        ...wrapSegments(
          [{ text: expectation.command, tone: 'code' }],
          width,
          [{ text: '  $ ', tone: 'dim' }],
          [{ text: '    ' }],
        ),
      );
    }
  }
  const shown = view.hints.slice(0, Math.max(1, view.hintsShown ?? 1));
  for (const hint of shown) {
    lines.push(...wrapSegments([{ text: hint }], width, [{ text: 'hint: ', tone: 'warn' }], [{ text: '      ' }]));
  }
  const more = view.hints.length - shown.length;
  if (more > 0) lines.push([{ text: `h: the next hint (${more} more)`, tone: 'dim' }]);
  return lines;
}
