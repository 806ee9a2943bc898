// State that key handlers can read back at once. Several keys can arrive before React
// renders again (a burst, or keys sent by a script); a handler that read the rendered
// value would see the same stale value for each, so 'h','a','l','f' would filter "f".

import { useCallback, useRef, useState } from 'react';

export type LiveSetter<T> = (next: T | ((previous: T) => T)) => void;

export function useLiveState<T>(initial: T | (() => T)): [T, LiveSetter<T>, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const live = useRef(value);
  const set = useCallback<LiveSetter<T>>((next) => {
    live.current = typeof next === 'function' ? (next as (previous: T) => T)(live.current) : next;
    setValue(live.current);
  }, []);
  return [value, set, live];
}
