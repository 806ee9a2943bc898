// `tcplabs` with no command. In a terminal: the full-screen app (imported only then, so
// `tcplabs list` and friends never pay for React). Without one — a pipe, CI, or --json —
// there is nothing to be interactive with: print the lab list and how to run labs
// headless, and exit 0.

import { register } from 'node:module';
import { chooseSandbox } from '../labs/kit/sandbox.ts';
import type { Agenda } from './agenda.ts';
import { formatListing, listLabs } from './commands/list.ts';
import { makeIo } from './io.ts';
import { cliWords } from './words.ts';

/** Ink's own rule: under CI it only draws the final frame, which is no use live. */
function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some((name) => name in env && env[name] !== '0' && env[name] !== 'false');
}

export function wantsTui(options: { json: boolean }): boolean {
  return !options.json && Boolean(process.stdin.isTTY && process.stdout.isTTY) && !inCi();
}

export async function startInteractive(options: { json: boolean; agenda?: Agenda }): Promise<number> {
  if (wantsTui(options)) {
    // Ink's start-up is mostly module loading; see tui/ink-loader-hooks.mjs for the part we
    // skip. The labs load meanwhile, so the first frame comes as early as it can.
    register('../tui/ink-loader-hooks.mjs', import.meta.url);
    const [{ startTui }, labs, sandbox] = await Promise.all([import('../tui/main.tsx'), listLabs(), chooseSandbox()]);
    return startTui({ labs, sandbox, agenda: options.agenda });
  }
  const io = makeIo(options.json, new AbortController().signal);
  const listing = await listLabs();
  if (options.json) {
    io.out(JSON.stringify(listing, null, 2));
    return 0;
  }
  io.out(formatListing(listing, io));
  io.out(
    `\n${cliWords('interactive.noTerminal')}\n  tcplabs run <lab> [--fast] [--json]\n  tcplabs check <lab> --server <file>\n  tcplabs --help`,
  );
  return 0;
}
