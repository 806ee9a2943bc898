// One-line text editing for the filter and the path prompt: type, paste, backspace.

import type { Key } from 'ink';

/** The new value after a key, or null when the key is not an edit. */
export function editText(value: string, input: string, key: Key): string | null {
  if (key.backspace || key.delete) return value.slice(0, -1);
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl || key.meta || key.escape || key.return || key.tab) return null;
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) return null;
  // Pasted text arrives as one input; drop control characters (a pasted newline…).
  const printable = [...input].filter((char) => char >= ' ' && char !== '\u007f').join('');
  return printable === '' ? null : value + printable;
}
