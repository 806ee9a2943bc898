// `tcplabs workshop FILE`: take a room through an agenda. In a terminal it opens the UI on
// the agenda: each lab in order, already in the mode the agenda asks for (step mode,
// predictions, fast), with progress across the session. Elsewhere it checks the agenda and
// prints it, so an instructor can validate one in CI.

import { readFileSync } from 'node:fs';
import { LabError } from '../../labs/kit/errors.ts';
import { labIds } from '../../labs/kit/registry.ts';
import { type Agenda, modesText, parseAgenda } from '../agenda.ts';
import type { CommandIo } from '../io.ts';
import { cliWords } from '../words.ts';

export function readAgenda(file: string): Agenda {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LabError(`${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  }
  try {
    return parseAgenda(text, labIds());
  } catch (error) {
    throw new LabError(`${file}: ${(error as Error).message}`);
  }
}

export function agendaLines(agenda: Agenda): string[] {
  const total = agenda.items.reduce((sum, item) => sum + (item.minutes ?? 0), 0);
  const lines = [`${agenda.title} (${agenda.minutes ?? total} min)`];
  agenda.items.forEach((item, i) => {
    const time = item.minutes ? `${item.minutes} min, ` : '';
    lines.push(`  ${i + 1}. ${item.lab.padEnd(26)} ${time}${modesText(item)}`);
    if (item.note) lines.push(`     ${item.note}`);
  });
  return lines;
}

export async function workshopCommand(options: { file: string }, io: CommandIo): Promise<number> {
  const agenda = readAgenda(options.file);
  const { wantsTui } = await import('../interactive.ts');
  if (wantsTui({ json: io.json })) {
    const { startInteractive } = await import('../interactive.ts');
    return startInteractive({ json: false, agenda });
  }
  if (io.json) io.out(JSON.stringify(agenda, null, 2));
  else io.out([...agendaLines(agenda), '', cliWords('workshop.noTerminal')].join('\n'));
  return 0;
}
