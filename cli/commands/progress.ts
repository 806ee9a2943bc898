// `tcplabs progress`: what you have done, from the progress file the TUI and the CLI keep —
// each lab's last run, each exercise's last check, when it first passed, and the hints used.

import { COURSE } from '../../labs/course.ts';
import { ProgressStore } from '../../labs/kit/progress.ts';
import type { CommandIo } from '../io.ts';

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

export async function progressCommand(io: CommandIo): Promise<number> {
  const store = new ProgressStore();
  const labs = store.all();
  if (store.problem) io.err(`tcplabs: ${store.problem}`);
  if (io.json) {
    io.out(JSON.stringify({ file: store.file, labs }, null, 2));
    return 0;
  }
  const ids = [...COURSE.filter((id) => labs[id]), ...Object.keys(labs).filter((id) => !COURSE.includes(id))];
  if (ids.length === 0) {
    io.out(`nothing yet (${store.file}): tcplabs run <lab> or tcplabs check <lab> --server <file>`);
    return 0;
  }
  for (const id of ids) {
    const lab = labs[id] ?? {};
    const run = lab.run ? `run ${lab.run.verdict} ${day(lab.run.at)}` : 'not run';
    io.out(`${io.paint('bold', id.padEnd(26))} ${run}`);
    for (const [name, e] of Object.entries(lab.exercises ?? {})) {
      const passed = e.passedAt ? io.paint('green', `passed ${day(e.passedAt)}`) : io.paint('yellow', 'not passed yet');
      io.out(
        `  exercise ${name.padEnd(20)} ${passed}, last check ${e.verdict} ${day(e.at)}, hints used ${e.hintsUsed}`,
      );
    }
  }
  io.out(io.paint('dim', `\n${store.file}`));
  return 0;
}
