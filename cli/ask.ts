// `tcplabs run <lab> --predict`: before each step that has a prediction, ask on the terminal
// and wait for an answer; the run then shows whether the kernel agreed. Without a terminal
// there is no one to ask.

import { createInterface } from 'node:readline';
import { LabError } from '../labs/kit/errors.ts';
import type { StepGate } from '../labs/kit/play.ts';
import type { CommandIo } from './io.ts';
import { cliWords } from './words.ts';

/** A choice by its number or its words; null when the answer matches none. */
export function pickChoice(choices: readonly string[], typed: string): string | null {
  const text = typed.trim();
  const n = Number(text);
  if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1] as string;
  return choices.find((choice) => choice.toLowerCase() === text.toLowerCase()) ?? null;
}

export function predictionGate(io: CommandIo, input: NodeJS.ReadableStream = process.stdin): StepGate {
  if (!(input as NodeJS.ReadStream).isTTY) {
    throw new LabError(cliWords('ask.needsTerminal'));
  }
  const lines = createInterface({ input, terminal: false });
  const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
  io.signal.addEventListener('abort', () => lines.close());
  return async ({ predict }) => {
    if (!predict) return undefined;
    io.out(`\n${io.paint('bold', `? ${predict.question}`)}`);
    for (const [i, choice] of predict.choices.entries()) io.out(`  ${i + 1}. ${choice}`);
    for (;;) {
      process.stdout.write(cliWords('ask.prompt'));
      const guess = pickChoice(predict.choices, await next());
      if (guess) return guess;
      io.out(cliWords('ask.again', { n: predict.choices.length }));
    }
  };
}
