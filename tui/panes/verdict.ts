// The verdict: PASS/FAIL, then each expectation ✓/✗ with what the kernel showed and the
// `ss` command that shows it by hand; errors, and hints when the learner's check failed.

import { seconds } from '../format.ts';
import type { RunView } from '../run-view.ts';
import { cellWidth, type Segment, type StyledLine, wrapSegments } from '../styled-line.ts';
import type { Tone } from '../theme.tsx';
import { type TuiKey, t } from '../words.ts';

const BADGES: Record<string, { key: TuiKey; tone: Tone }> = {
  pass: { key: 'badge.pass', tone: 'badge-pass' },
  fail: { key: 'badge.fail', tone: 'badge-fail' },
  error: { key: 'badge.error', tone: 'badge-fail' },
  stopped: { key: 'badge.stopped', tone: 'badge-idle' },
};

function headline(view: RunView): StyledLine {
  const held = view.expectations.filter((e) => e.ok).length;
  const total = view.expectations.length;
  const badge = BADGES[view.status];
  if (badge) {
    const time = seconds(view.elapsedMs);
    const detail =
      view.status === 'stopped'
        ? t('verdict.stopped', { time })
        : `${t('verdict.held', { held, total, time })}${view.mode === 'check' ? t('verdict.yours') : ''}`;
    return [{ text: ` ${t(badge.key)} `, tone: badge.tone }, { text: detail }];
  }
  if (view.status === 'idle') return [{ text: t('verdict.idle'), tone: 'dim' }];
  return [{ text: t('verdict.judging', { held, total }), tone: 'dim' }];
}

/** Text after a label ("saw: …"), wrapped under itself: the indent is as wide as the label. */
function labelled(label: Segment, body: Segment[], width: number): StyledLine[] {
  return wrapSegments(body, width, [label], [{ text: ' '.repeat(cellWidth(label.text)) }]);
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
        [{ text: t('verdict.error'), tone: 'bad' }],
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
    lines.push(...labelled({ text: t('verdict.saw'), tone: 'dim' }, [{ text: expectation.observed }], width));
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
  for (const hint of shown) lines.push(...labelled({ text: t('verdict.hint'), tone: 'warn' }, [{ text: hint }], width));
  const more = view.hints.length - shown.length;
  if (more > 0) lines.push([{ text: t('verdict.nextHint', { n: more }), tone: 'dim' }]);
  return lines;
}
