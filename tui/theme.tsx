// Colours by meaning, not by pane: a leak (CLOSE-WAIT) always looks like a leak. With
// NO_COLOR set (https://no-color.org) only bold, faint and inverse remain — they are not
// colours, and they keep a leak and the selection visible on a monochrome projector.

import { createContext, useContext } from 'react';
import type { TcpState } from '../checker/socket.ts';

export type Tone =
  | 'plain'
  | 'strong'
  | 'dim'
  | 'title'
  | 'heading'
  | 'ok'
  | 'bad'
  | 'warn'
  | 'info'
  | 'wait'
  | 'leak'
  | 'code'
  | 'key'
  | 'link'
  | 'em'
  | 'selected'
  | 'badge-pass'
  | 'badge-fail'
  | 'badge-idle';

/** The subset of Ink's <Text> props a tone may set. */
export interface ToneStyle {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
  underline?: boolean;
  italic?: boolean;
}

const COLOURED: Record<Tone, ToneStyle> = {
  plain: {},
  strong: { bold: true },
  dim: { dimColor: true },
  title: { bold: true, color: 'cyan' },
  heading: { bold: true, color: 'cyan' },
  ok: { color: 'green' },
  bad: { color: 'red', bold: true },
  warn: { color: 'yellow' },
  info: { color: 'cyan' },
  wait: { color: 'magenta' },
  leak: { color: 'white', backgroundColor: 'red', bold: true },
  code: { color: 'yellow' },
  key: { bold: true, color: 'cyan' },
  link: { underline: true, color: 'blue' },
  em: { italic: true },
  selected: { inverse: true, bold: true },
  'badge-pass': { color: 'black', backgroundColor: 'green', bold: true },
  'badge-fail': { color: 'white', backgroundColor: 'red', bold: true },
  'badge-idle': { inverse: true },
};

const MONOCHROME: Record<Tone, ToneStyle> = {
  plain: {},
  strong: { bold: true },
  dim: { dimColor: true },
  title: { bold: true },
  heading: { bold: true },
  ok: {},
  bad: { bold: true },
  warn: {},
  info: {},
  wait: {},
  leak: { bold: true, inverse: true },
  code: {},
  key: { bold: true },
  link: { underline: true },
  em: { italic: true },
  selected: { inverse: true, bold: true },
  'badge-pass': { bold: true, inverse: true },
  'badge-fail': { bold: true, inverse: true },
  'badge-idle': { inverse: true },
};

export interface Theme {
  colour: boolean;
  style(tone: Tone | undefined): ToneStyle;
}

/** Tones a state is drawn in: bold on a projector, so the room can read them from the back. */
const STATE_TONES: readonly Tone[] = ['ok', 'warn', 'wait', 'info', 'leak', 'bad'];

/**
 * High contrast (projector mode): nothing faint — faint text vanishes on a projector — and
 * every state in bold.
 */
function highContrast(table: Record<Tone, ToneStyle>): Record<Tone, ToneStyle> {
  const loud = Object.fromEntries(
    Object.entries(table).map(([tone, style]) => {
      const { dimColor: _faint, ...rest } = style;
      return [tone, STATE_TONES.includes(tone as Tone) ? { ...rest, bold: true } : rest];
    }),
  );
  return loud as Record<Tone, ToneStyle>;
}

export function makeTheme(colour: boolean, projector = false): Theme {
  const base = colour ? COLOURED : MONOCHROME;
  const table = projector ? highContrast(base) : base;
  return { colour, style: (tone) => (tone ? table[tone] : {}) };
}

/** NO_COLOR, when present and not empty, turns colour off (chalk and Ink ignore it). */
export function colourWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === '';
}

export const ThemeContext = createContext<Theme>(makeTheme(colourWanted()));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** What a socket state means to a learner: a leak, a wait, healthy, or gone. */
export function stateTone(state: TcpState | 'CLOSED' | string): Tone {
  switch (state) {
    case 'CLOSE-WAIT':
      return 'leak';
    case 'TIME-WAIT':
      return 'warn';
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
    case 'LAST-ACK':
    case 'CLOSING':
      return 'wait';
    case 'ESTAB':
      return 'ok';
    case 'LISTEN':
      return 'info';
    case 'SYN-SENT':
    case 'SYN-RECV':
    case 'NEW-SYN-RECV':
      return 'warn';
    case 'CLOSED':
      return 'dim';
    default:
      return 'plain';
  }
}
