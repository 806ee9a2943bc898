// Small formatting rules shared by the panes.

import { t } from './words.ts';

export function seconds(ms: number): string {
  return t('unit.seconds', { n: (ms / 1000).toFixed(1) });
}

/** A timer's time left as ss prints it, roughly: 59s, 1.2s, 180ms. */
export function timeLeft(ms: number): string {
  if (ms >= 10_000) return `${Math.round(ms / 1000)}s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.max(0, Math.round(ms))}ms`;
}

/** Programs prefix their own lines ("server: …"); do not say the source twice. */
export function withoutSource(text: string, source: string): string {
  return text.startsWith(`${source}: `) ? text.slice(source.length + 2) : text;
}
