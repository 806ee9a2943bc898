// `?`: every key, on one page. Any key closes it.

import { Box } from 'ink';
import { Lines } from '../components/lines.tsx';
import { useKeys } from '../keys.tsx';
import type { StyledLine } from '../styled-line.ts';

const KEYS: Array<[string, Array<[string, string]>]> = [
  [
    'Home',
    [
      ['↑ ↓  j k', 'move the highlight'],
      ['/', 'filter as you type (↑↓ move, Enter opens, Esc clears)'],
      ['Enter', 'open the highlighted lab'],
    ],
  ],
  [
    'Lab',
    [
      ['r', 'run the lab (again)'],
      ['f', 'fast mode on/off: teaching pauses shrink tenfold; kernel timers are never faked'],
      ['s', 'step mode on/off: each step waits for space, to pace a room'],
      ['space', 'start the next step (step mode)'],
      ['p', 'predict mode on/off: before a step with a question, ask the room; 1–9 gives its answer'],
      ['z', 'projector mode on/off: no lesson, the sockets and the timeline across the width, high contrast'],
      ['x', "check your own server file against the lab's client"],
      ['h', 'after a failed check: the next hint'],
      ['w', "save the last run's packet capture (.pcap, for Wireshark) where you ran npm"],
      ['↑ ↓  j k  PgUp PgDn', 'scroll the lesson'],
      ['Esc  b', 'back to the labs'],
    ],
  ],
  [
    'Anywhere',
    [
      ['Ctrl-C', 'stop the running lab (every process goes); again: quit'],
      ['?', 'this help'],
      ['q', 'quit'],
    ],
  ],
];

export function helpLines(): StyledLine[] {
  const lines: StyledLine[] = [[{ text: 'tcplabs — keys', tone: 'title' }], []];
  for (const [section, keys] of KEYS) {
    lines.push([{ text: section, tone: 'heading' }]);
    for (const [key, what] of keys) lines.push([{ text: `  ${key.padEnd(22)}`, tone: 'key' }, { text: what }]);
    lines.push([]);
  }
  lines.push([{ text: 'Progress is saved in $XDG_STATE_HOME/tcplabs (else ~/.local/state/tcplabs).', tone: 'dim' }]);
  lines.push([{ text: 'Any key closes this page.', tone: 'dim' }]);
  return lines;
}

export function HelpScreen({ width, height, onClose }: { width: number; height: number; onClose: () => void }) {
  useKeys((input, key) => {
    if (key.ctrl && input === 'c') return; // the app owns Ctrl-C
    onClose();
  });
  return (
    <Box width={width} height={height}>
      <Lines lines={helpLines()} width={width} height={height} />
    </Box>
  );
}
