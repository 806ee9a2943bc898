// `tcplabs progress`: what you have done, from the progress file the TUI and the CLI keep —
// each lab's last run, each exercise's last check, when it first passed, and the hints used.

import { COURSE } from '../../labs/course.ts';
import { ProgressStore } from '../../labs/kit/progress.ts';
import type { CommandIo } from '../io.ts';
import { cliWords } from '../words.ts';

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
    io.out(cliWords('progress.nothing', { file: store.file }));
    return 0;
  }
  for (const id of ids) {
    const lab = labs[id] ?? {};
    const run = lab.run
      ? cliWords('progress.run', { verdict: lab.run.verdict, day: day(lab.run.at) })
      : cliWords('progress.notRun');
    io.out(`${io.paint('bold', id.padEnd(26))} ${run}`);
    for (const [name, e] of Object.entries(lab.exercises ?? {})) {
      const passed = e.passedAt
        ? io.paint('green', cliWords('progress.passed', { day: day(e.passedAt) }))
        : io.paint('yellow', cliWords('progress.notPassed'));
      const line = { name: name.padEnd(20), passed, verdict: e.verdict, day: day(e.at), hints: e.hintsUsed };
      io.out(cliWords('progress.exercise', line));
    }
  }
  io.out(io.paint('dim', `\n${store.file}`));
  return 0;
}
