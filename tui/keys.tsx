// Keys reach screens through one router, fed by the app's single useInput. A screen
// registers its handler in a layout effect, which runs as the screen is committed; Ink's
// useInput subscribes in a passive effect, which React may run a good while later — keys
// typed in between (Enter, then f and r at once) would be lost.

import type { Key } from 'ink';
import { createContext, useContext, useLayoutEffect, useRef } from 'react';

export type KeyHandler = (input: string, key: Key) => void;

export class KeyRouter {
  private readonly handlers: KeyHandler[] = [];

  /** The newest registered handler gets the keys; returns its removal. */
  push(handler: KeyHandler): () => void {
    this.handlers.push(handler);
    return () => {
      const at = this.handlers.lastIndexOf(handler);
      if (at >= 0) this.handlers.splice(at, 1);
    };
  }

  dispatch(input: string, key: Key): void {
    this.handlers.at(-1)?.(input, key);
  }
}

const PLAIN: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Ink hands over a burst of typed characters as one input (a paste, or keys typed before
 * the terminal went raw: "/close-wait-leak"). Screens act on single keys, so a burst of
 * plain characters is handed on one character at a time; text fields get the same text.
 */
export function splitTyped(input: string, key: Key): Array<[string, Key]> {
  const chars = [...input];
  if (chars.length <= 1 || key.meta || input.includes('\u001b')) return [[input, key]];
  return chars.map((char) => {
    if (char === '\r' || char === '\n') return ['', { ...PLAIN, return: true }];
    if (char === '\u007f' || char === '\b') return ['', { ...PLAIN, backspace: true }];
    if (char === '\t') return ['', { ...PLAIN, tab: true }];
    // Other control characters are Ctrl and a letter (two Ctrl-C in one read: \x03\x03).
    const code = char.codePointAt(0) as number;
    if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...PLAIN, ctrl: true }];
    return [char, { ...PLAIN, shift: /[A-Z]/.test(char) }];
  });
}

export const KeyRouterContext = createContext<KeyRouter>(new KeyRouter());

/** Receive keys while `active`; the latest handler is always the one called. */
export function useKeys(handler: KeyHandler, active = true): void {
  const router = useContext(KeyRouterContext);
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useLayoutEffect(() => {
    if (!active) return;
    return router.push((input, key) => latest.current(input, key));
  }, [router, active]);
}
