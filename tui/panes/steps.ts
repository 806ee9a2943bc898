// The plan's steps: before a run all of them dimmed (the room sees what is coming), then done
// ✓, the current one with a spinner, the one step mode holds with ⏸ and the key that
// releases it, a skipped one with why, and what the run never reached still dimmed.

import type { PredictionOutcome, PredictionView } from '../../labs/kit/predict.ts';
import type { RunView, StepView } from '../run-view.ts';
import { type Segment, type StyledLine, wrapSegments } from '../styled-line.ts';
import { t } from '../words.ts';

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The mark before a step's title, and how the title is drawn. */
function stepLook(
  step: StepView,
  status: RunView['status'],
  spinner: string,
  asks: boolean,
): { mark: Segment; body: Segment[] } {
  const label = `${step.index + 1}. ${step.title}`;
  switch (step.status) {
    case 'done':
      return { mark: { text: '✓ ', tone: 'ok' }, body: [{ text: label }] };
    case 'running':
      return { mark: { text: `${spinner} `, tone: 'info' }, body: [{ text: label, tone: 'strong' }] };
    case 'waiting':
      return {
        mark: { text: '⏸ ', tone: 'warn' },
        // A step that asks waits for the room's number (said under it), not for space.
        body: [
          { text: label, tone: 'strong' },
          ...(asks ? [] : [{ text: t('steps.pressSpace'), tone: 'key' as const }]),
        ],
      };
    case 'skipped':
      return {
        mark: { text: '– ', tone: 'dim' },
        body: [{ text: t('steps.skipped', { label }), tone: 'dim' }],
      };
    case 'halted':
      return { mark: { text: status === 'stopped' ? '■ ' : '✗ ', tone: 'bad' }, body: [{ text: label, tone: 'dim' }] };
    case 'planned':
      return { mark: { text: '  ' }, body: [{ text: label, tone: 'dim' }] };
  }
}

/** The question a held step asks, its numbered choices, and how to answer. */
function questionLines(ask: PredictionView, width: number): StyledLine[] {
  const choices = ask.choices.map((choice, i) => `${i + 1} ${choice}`).join('   ');
  return [
    ...wrapSegments(
      [{ text: ask.question, tone: 'strong' }],
      width,
      [{ text: '  ? ', tone: 'key' }],
      [{ text: '    ' }],
    ),
    ...wrapSegments([{ text: choices, tone: 'key' }], width, [{ text: '    ' }], [{ text: '    ' }]),
    [{ text: t('steps.answer'), tone: 'dim' }],
  ];
}

/** After the step: the room's answer, right or wrong, next to what the kernel showed. */
function outcomeLines(outcome: PredictionOutcome, width: number): StyledLine[] {
  const verdict: Segment = outcome.right
    ? { text: t('steps.right', { guess: outcome.guess }), tone: 'ok' }
    : { text: t('steps.wrong', { guess: outcome.guess, answer: outcome.answer }), tone: 'bad' };
  return wrapSegments(
    [verdict, { text: t('steps.kernel', { observed: outcome.observed }), tone: 'dim' }],
    width,
    [{ text: '    ' }],
    [{ text: '    ' }],
  );
}

/** The steps' lines, and which of them the room is looking at (the step that runs or waits, its question). */
export interface StepsPane {
  lines: StyledLine[];
  focus: { start: number; end: number } | null;
}

export function stepsPane(
  view: Pick<RunView, 'steps' | 'status'> & Partial<Pick<RunView, 'predictions'>>,
  width: number,
  spinnerFrame: number,
  asking: { index: number; predict: PredictionView | null } | null = null,
): StepsPane {
  const spinner = SPINNER[spinnerFrame % SPINNER.length] as string;
  const lines: StyledLine[] = [];
  let focus: StepsPane['focus'] = null;
  if (view.status === 'idle') {
    lines.push(...wrapSegments([{ text: t('steps.idle'), tone: 'dim' }], width));
  } else if (view.status === 'starting') {
    lines.push(...wrapSegments([{ text: t('steps.opening', { spinner }), tone: 'dim' }], width));
  }
  if (view.steps.length === 0 && view.status !== 'idle' && view.status !== 'starting') {
    return { lines: wrapSegments([{ text: t('steps.none'), tone: 'dim' }], width), focus: null };
  }
  for (const step of view.steps) {
    const asks = Boolean(asking?.predict) && asking?.index === step.index;
    const { mark, body } = stepLook(step, view.status, spinner, asks);
    const start = lines.length;
    lines.push(...wrapSegments(body, width, [mark], [{ text: '  ' }]));
    if (asks && asking?.predict) lines.push(...questionLines(asking.predict, width));
    if (step.status === 'running' || step.status === 'waiting') focus = { start, end: lines.length - 1 };
    const outcome = view.predictions?.find((p) => p.step === step.index);
    if (outcome) lines.push(...outcomeLines(outcome, width));
  }
  return { lines, focus };
}

export function stepsLines(...args: Parameters<typeof stepsPane>): StyledLine[] {
  return stepsPane(...args).lines;
}
