// What every command gets: where to write, whether to speak JSON, and how to colour.

import { colorEnabled, makePaint, type Style } from './style.ts';

export interface CommandIo {
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  paint: (style: Style, text: string) => string;
  /** Aborted on SIGINT/SIGTERM: commands stop their work and clean up. */
  signal: AbortSignal;
}

export function makeIo(json: boolean, signal: AbortSignal): CommandIo {
  return {
    json,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    paint: makePaint(!json && colorEnabled()),
    signal,
  };
}
