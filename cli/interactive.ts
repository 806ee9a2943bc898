// `tcplabs` with no command. Without a terminal there is nothing to be interactive with:
// print the lab list and how to run labs headless, and exit 0.

import { formatListing, listLabs } from './commands/list.ts';
import { makeIo } from './io.ts';

export async function startInteractive(options: { json: boolean }): Promise<number> {
  const io = makeIo(options.json, new AbortController().signal);
  const listing = await listLabs();
  if (options.json) {
    io.out(JSON.stringify(listing, null, 2));
    return 0;
  }
  io.out(formatListing(listing, io));
  io.out(
    '\nNo terminal here, so no UI. Run labs headless:\n  tcplabs run <lab> [--fast] [--json]\n  tcplabs check <lab> --server <file>\n  tcplabs --help',
  );
  return 0;
}
