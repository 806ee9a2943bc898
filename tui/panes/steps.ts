// The choreography's steps as they happen: done ✓, the current one with a spinner, the
// one step mode holds with ⏸ and the key that releases it.

import type { RunView } from '../run-view.ts';
import { type StyledLine, wrapSegments } from '../styled-line.ts';

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function stepsLines(view: Pick<RunView, 'steps' | 'status'>, width: number, spinnerFrame: number): StyledLine[] {
  if (view.steps.length === 0) {
    const text =
      view.status === 'idle'
        ? 'r runs the lab · f fast mode · s step mode (space starts each step)'
        : view.status === 'starting'
          ? `${SPINNER[spinnerFrame % SPINNER.length]} opening the sandbox…`
          : 'no steps';
    return wrapSegments([{ text, tone: 'dim' }], width);
  }
  const lines: StyledLine[] = [];
  for (const step of view.steps) {
    const label = `${step.index + 1}. ${step.title}`;
    switch (step.status) {
      case 'done':
        lines.push(...wrapSegments([{ text: label }], width, [{ text: '✓ ', tone: 'ok' }], [{ text: '  ' }]));
        break;
      case 'running':
        lines.push(
          ...wrapSegments(
            [{ text: label, tone: 'strong' }],
            width,
            [{ text: `${SPINNER[spinnerFrame % SPINNER.length]} `, tone: 'info' }],
            [{ text: '  ' }],
          ),
        );
        break;
      case 'waiting':
        lines.push(
          ...wrapSegments(
            [
              { text: label, tone: 'strong' },
              { text: ' — press space', tone: 'key' },
            ],
            width,
            [{ text: '⏸ ', tone: 'warn' }],
            [{ text: '  ' }],
          ),
        );
        break;
      case 'halted':
        lines.push(
          ...wrapSegments(
            [{ text: label, tone: 'dim' }],
            width,
            [{ text: view.status === 'stopped' ? '■ ' : '✗ ', tone: 'bad' }],
            [{ text: '  ' }],
          ),
        );
        break;
    }
  }
  return lines;
}
