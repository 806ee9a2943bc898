// The interview screen's text, as lines: the questions by topic, the question being
// answered, the one-line progress of the run that settles it, and what the run settled —
// the learner's answer, the model answer (its numbers the run's own), follow-ups and myth.

import type { RunReport } from '../../checker/verdict.ts';
import { type InterviewQuestion, unsettled } from '../../labs/kit/interview.ts';
import type { Lab } from '../../labs/kit/lab.ts';
import { seconds } from '../format.ts';
import type { RunView } from '../run-view.ts';
import { cellWidth, padCells, type StyledLine, wrapSegments } from '../styled-line.ts';
import { type TuiKey, t, tuiMessages } from '../words.ts';

export interface Asked {
  lab: Lab;
  question: InterviewQuestion;
}

/**
 * Every lab's questions, read from the labs each time: a lab's `interview` is worded in
 * the language of the moment, so after `L` the list is in the new one.
 */
export function questionsOf(labs: readonly Lab[]): Asked[] {
  const all = labs.flatMap((lab) => (lab.interview ?? []).map((question) => ({ lab, question })));
  // In the order they are listed (by topic, as each topic first appears), so ↓ goes down the list.
  const topics = [...new Set(all.map((a) => a.question.topic))];
  return topics.flatMap((topic) => all.filter((a) => a.question.topic === topic));
}

/** A topic's heading; a topic the catalogue does not know yet is shown as it is spelt. */
function topicName(topic: string): string {
  const key = `interview.topic.${topic}`;
  return key in tuiMessages.en ? t(key as TuiKey) : topic;
}

/** The questions grouped by topic, one line each: id, lab, question; and where the highlight is. */
export function questionListLines(
  all: readonly Asked[],
  selected: string | undefined,
): { lines: StyledLine[]; selectedRow: number } {
  const lines: StyledLine[] = [];
  let selectedRow = 0;
  const idWidth = Math.min(30, Math.max(10, ...all.map((a) => cellWidth(a.question.id)))) + 2;
  const labWidth = Math.min(26, Math.max(10, ...all.map((a) => cellWidth(a.lab.id)))) + 2;
  for (const topic of [...new Set(all.map((a) => a.question.topic))]) {
    lines.push([{ text: topicName(topic), tone: 'heading' }]);
    for (const { lab, question } of all.filter((a) => a.question.topic === topic)) {
      const isSelected = question.id === selected;
      if (isSelected) selectedRow = lines.length;
      lines.push([
        { text: isSelected ? ' › ' : '   ', tone: isSelected ? 'key' : undefined },
        { text: padCells(question.id, idWidth), tone: isSelected ? 'selected' : 'strong' },
        { text: padCells(lab.id, labWidth), tone: 'dim' },
        { text: question.question },
      ]);
    }
  }
  return { lines, selectedRow };
}

/** The question in full, and which lab settles it. */
export function questionLines(asked: Asked, width: number): StyledLine[] {
  return [
    ...wrapSegments([{ text: asked.question.question, tone: 'strong' }], width),
    [{ text: t('interview.settledBy', { lab: asked.lab.id }), tone: 'dim' }],
    [],
  ];
}

/** Under the list: the highlighted question, two lines of it at most, and its lab. */
export function previewLines(asked: Asked, width: number): StyledLine[] {
  const [settledBy, ...question] = questionLines(asked, width).slice(0, -1).reverse();
  return [...question.reverse().slice(0, 2), ...(settledBy ? [settledBy] : [])];
}

/** The learner's answer under its heading; while typing, with a cursor. */
export function answerLines(answer: string, width: number, typing: boolean): StyledLine[] {
  const text: StyledLine = [{ text: answer }, ...(typing ? [{ text: '█', tone: 'dim' as const }] : [])];
  return [
    [{ text: t('interview.yourAnswer'), tone: 'heading' }],
    ...wrapSegments(text, width, [{ text: '  ' }]),
    [],
    ...(typing ? wrapSegments([{ text: t('interview.typeHint'), tone: 'dim' }], width) : []),
  ];
}

/** One line while the lab runs: which step of how many, and for how long. */
export function progressLine(lab: Lab, run: RunView): StyledLine {
  if (run.status === 'stopping') return [{ text: t('interview.stopping', { lab: lab.id }), tone: 'wait' }];
  const at = run.steps.findLast((step) => step.status !== 'planned' && step.status !== 'waiting');
  if (run.status === 'starting' || !at) return [{ text: t('interview.starting', { lab: lab.id }), tone: 'wait' }];
  const said = { lab: lab.id, time: seconds(run.elapsedMs), n: at.index + 1, total: run.steps.length, step: at.title };
  return [{ text: t('interview.running', said), tone: 'wait' }];
}

/** The follow-ups and the seed's myth: they stand whatever the run showed. */
function afterLines(question: InterviewQuestion, width: number): StyledLine[] {
  const lines: StyledLine[] = [];
  if (question.followUps.length > 0) lines.push([], [{ text: t('interview.next'), tone: 'heading' }]);
  for (const followUp of question.followUps)
    lines.push(...wrapSegments([{ text: followUp }], width, [{ text: '  - ' }], [{ text: '    ' }]));
  if (question.myth) {
    const { seed, claim, truth } = question.myth;
    lines.push([], [{ text: t('interview.myth', { seed }), tone: 'heading' }]);
    lines.push(...wrapSegments([{ text: `"${claim}"`, tone: 'em' }], width, [{ text: '  ' }]));
    lines.push(...wrapSegments([{ text: truth }], width, [{ text: '  ' }]));
  }
  return lines;
}

/** After the run: the model answer when the run settled the question, else why not (in red). */
export function settledLines(question: InterviewQuestion, run: RunView, width: number): StyledLine[] {
  const report: RunReport | null = run.report;
  // A runner that threw leaves no report, only the view's error.
  const why = report ? unsettled(question, report) : (run.error ?? run.status);
  const lines: StyledLine[] = [];
  if (report?.error === 'stopped') lines.push([{ text: t('interview.stopped'), tone: 'bad' }]);
  else if (why !== null || !report)
    lines.push(...wrapSegments([{ text: t('interview.noModel', { why: why ?? '' }), tone: 'bad' }], width));
  else {
    lines.push([{ text: t('interview.model'), tone: 'heading' }]);
    lines.push(...wrapSegments([{ text: question.answer(report) }], width, [{ text: '  ' }]));
  }
  lines.push(...afterLines(question, width));
  if (report && report.error !== 'stopped') lines.push([], [{ text: t('interview.saved'), tone: 'dim' }]);
  return lines;
}
