// `tcplabs show <lab>`: the plan before anything runs — programs and their sides, each step,
// each expectation with the command that shows the same thing by hand.

import { isLabError } from '../../labs/kit/errors.ts';
import { type PlannedStep, type PlanView, planView } from '../../labs/kit/plan-view.ts';
import { loadLab } from '../../labs/kit/registry.ts';
import type { CommandIo } from '../io.ts';
import { cliWords } from '../words.ts';

function needsText(view: PlanView): string {
  const { sysctls, nft, tcpdump, tools } = view.needs;
  const parts = [
    ...Object.entries(sysctls ?? {}).map(([name, value]) => `${name}=${value}`),
    nft ? 'nft' : null,
    tcpdump ? 'tcpdump' : null,
    ...(tools ?? []),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : cliWords('show.needsNothing');
}

function stepLines(steps: readonly PlannedStep[], io: CommandIo): string[] {
  const lines: string[] = [];
  steps.forEach((step, index) => {
    lines.push(io.paint('bold', `${index + 1}. ${step.title}`) + (step.when ? io.paint('dim', ` (${step.when})`) : ''));
    if (step.predict) {
      const { question, choices, answer } = step.predict;
      lines.push(
        `   ? ${question} [${choices.join(' / ')}]`,
        io.paint('dim', `     ${cliWords('show.answer', { answer })}`),
      );
    }
    // In the order the run does them: an action, then what the kernel must show, then…
    for (const action of step.actions) {
      const e = step.expectations.find((candidate) => candidate.id === action.id);
      if (!e) lines.push(io.paint('dim', `   · ${action.describe}`));
      else lines.push(`   • ${e.text}`, io.paint('dim', `     ${e.id}${e.commandText ? `  $ ${e.commandText}` : ''}`));
    }
  });
  return lines;
}

export function formatPlan(view: PlanView, io: CommandIo): string {
  const lines = [
    `${io.paint('bold', view.id)}  ${view.title}`,
    view.summary,
    '',
    cliWords('show.needs', { seed: view.seed, port: view.port, needs: needsText(view) }),
    cliWords('show.programs', { programs: view.programs.map((p) => `${p.role} (${p.side}, ${p.file})`).join(', ') }),
    '',
    ...stepLines(view.steps, io),
  ];
  for (const exercise of view.exercises) {
    const pick = view.exercises.length > 1 ? ` --exercise ${exercise.id}` : '';
    const { id, role, goal } = exercise;
    lines.push('', io.paint('bold', cliWords('show.exercise', { id, role, goal })));
    lines.push(io.paint('dim', cliWords('show.plays', { lab: view.id, role, pick })));
    lines.push(...stepLines(exercise.steps, io));
  }
  return lines.join('\n');
}

export async function showCommand(options: { labId: string; fast: boolean }, io: CommandIo): Promise<number> {
  let view: PlanView;
  try {
    view = planView(await loadLab(options.labId), options.fast);
  } catch (error) {
    if (!isLabError(error)) throw error;
    if (io.json) io.out(JSON.stringify({ id: options.labId, error: error.message }));
    io.err(`tcplabs: ${error.message}`);
    return 2;
  }
  io.out(io.json ? JSON.stringify(view, null, 2) : formatPlan(view, io));
  return 0;
}
