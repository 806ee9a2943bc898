// The lesson pane's text: what the lab shows in one sentence, the exercise if there is
// one, then the lesson (LESSON.zh.md in Chinese, when the lab has it, else LESSON.md)
// rendered for the terminal, or "No lesson yet".

import type { Lab } from '../../labs/kit/lab.ts';
import { renderMarkdown } from '../markdown.ts';
import { type StyledLine, wrapSegments } from '../styled-line.ts';
import { roleName, t } from '../words.ts';

export function lessonLines(
  lab: Pick<Lab, 'summary' | 'exercises' | 'seed'>,
  lesson: string | null,
  width: number,
): StyledLine[] {
  const lines: StyledLine[] = [...wrapSegments([{ text: lab.summary, tone: 'strong' }], width)];
  for (const exercise of lab.exercises ?? []) {
    lines.push(
      ...wrapSegments(
        [{ text: t('lesson.fix', { role: roleName(exercise.role), goal: exercise.goal }) }],
        width,
        [{ text: t('lesson.exercise'), tone: 'key' }],
        [{ text: '  ' }],
      ),
    );
  }
  lines.push([]);
  if (lesson === null || lesson.trim() === '') lines.push([{ text: t('lesson.none'), tone: 'dim' }]);
  else lines.push(...renderMarkdown(lesson, width));
  return lines;
}
