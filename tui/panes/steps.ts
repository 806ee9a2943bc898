// The plan's steps: before a run all of them dimmed (the room sees what is coming), then done
// ✓, the current one with a spinner, the one step mode holds with ⏸ and the key that
// releases it, a skipped one with why, and what the run never reached still dimmed.

import type { PredictionOutcome, PredictionView } from '../../labs/kit/predict.ts';
import type { RunView, StepView } from '../run-view.ts';
import { type Segment, type StyledLine, wrapSegments } from '../styled-line.ts';

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The mark before a step's title, and how the title is drawn. */
function stepLook(step: StepView, status: RunView['status'], spinner: string): { mark: Segment; body: Segment[] } {
  const label = `${step.index + 1}. ${step.title}`;
  switch (step.status) {
    case 'done':
      return { mark: { text: '✓ ', tone: 'ok' }, body: [{ text: label }] };
    case 'running':
      return { mark: { text: `${spinner} `, tone: 'info' }, body: [{ text: label, tone: 'strong' }] };
    case 'waiting':
      return {
        mark: { text: '⏸ ', tone: 'warn' },
        body: [
          { text: label, tone: 'strong' },
          { text: ' — press space', tone: 'key' },
        ],
      };
    case 'skipped':
      return {
        mark: { text: '– ', tone: 'dim' },
        body: [{ text: `${label} (skipped: not on this kernel)`, tone: 'dim' }],
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
    [{ text: '    the room answers; press its number', tone: 'dim' }],
  ];
}

/** After the step: the room's answer, right or wrong, next to what the kernel showed. */
function outcomeLines(outcome: PredictionOutcome, width: number): StyledLine[] {
  const verdict: Segment = outcome.right
    ? { text: `you said ${outcome.guess} ✓`, tone: 'ok' }
    : { text: `you said ${outcome.guess} ✗ (it was ${outcome.answer})`, tone: 'bad' };
  return wrapSegments(
    [verdict, { text: ` · the kernel: ${outcome.observed}`, tone: 'dim' }],
    width,
    [{ text: '    ' }],
    [{ text: '    ' }],
  );
}

export function stepsLines(
  view: Pick<RunView, 'steps' | 'status'> & Partial<Pick<RunView, 'predictions'>>,
  width: number,
  spinnerFrame: number,
  asking: { index: number; predict: PredictionView | null } | null = null,
): StyledLine[] {
  const spinner = SPINNER[spinnerFrame % SPINNER.length] as string;
  const lines: StyledLine[] = [];
  if (view.status === 'idle') {
    lines.push(...wrapSegments([{ text: 'r runs the lab · f fast mode · s step mode', tone: 'dim' }], width));
  } else if (view.status === 'starting') {
    lines.push(...wrapSegments([{ text: `${spinner} opening the sandbox…`, tone: 'dim' }], width));
  }
  if (view.steps.length === 0 && view.status !== 'idle' && view.status !== 'starting') {
    return wrapSegments([{ text: 'no steps', tone: 'dim' }], width);
  }
  for (const step of view.steps) {
    const { mark, body } = stepLook(step, view.status, spinner);
    lines.push(...wrapSegments(body, width, [mark], [{ text: '  ' }]));
    if (asking?.predict && asking.index === step.index) lines.push(...questionLines(asking.predict, width));
    const outcome = view.predictions?.find((p) => p.step === step.index);
    if (outcome) lines.push(...outcomeLines(outcome, width));
  }
  return lines;
}
