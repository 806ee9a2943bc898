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
