// `?`: every key, on one page (which scrolls with ↑↓ when the terminal is too short for it).
// L switches the language (the page stays, in the new one); any other key closes it.

import { Box, type Key } from 'ink';
import { Lines } from '../components/lines.tsx';
import { useKeys } from '../keys.tsx';
import { padCells, type StyledLine, wrapSegments } from '../styled-line.ts';
import { useLiveState } from '../use-live-state.ts';
import { type TuiKey, t } from '../words.ts';

/** The keys by screen. Key names are the keycaps' (Enter, Esc, Ctrl-C), except space. */
function keyTable(): Array<[TuiKey, Array<[string, TuiKey]>]> {
  return [
    [
      'help.home',
      [
        ['↑ ↓  j k', 'help.move'],
        ['/', 'help.filter'],
        ['Enter', 'help.open'],
        ['i', 'help.interview'],
      ],
    ],
    [
      'help.interviewScreen',
      [
        ['↑ ↓  j k', 'help.interviewMove'],
        ['Enter', 'help.interviewPick'],
        ['Esc  b', 'help.interviewBack'],
      ],
    ],
    [
      'help.lab',
      [
        ['r', 'help.run'],
        ['f', 'help.fast'],
        ['s', 'help.step'],
        [t('key.space'), 'help.next'],
        ['p', 'help.predict'],
        ['z', 'help.projector'],
        ['x', 'help.check'],
        ['h', 'help.hint'],
        ['w', 'help.pcap'],
        ['↑ ↓  j k  PgUp PgDn', 'help.scroll'],
        ['Esc  b', 'help.back'],
      ],
    ],
    [
      'help.anywhere',
      [
        ['Ctrl-C', 'help.stop'],
        ['L', 'help.lang'],
        ['?', 'help.help'],
        ['q', 'help.quit'],
      ],
    ],
  ];
}

/** The page at a width: descriptions wrap under themselves; short of rows, the blank lines go first. */
export function helpLines(width = 120, height = Number.POSITIVE_INFINITY): StyledLine[] {
  const lines: StyledLine[] = [[{ text: t('help.title'), tone: 'title' }], []];
  const indent = ' '.repeat(24);
  for (const [section, keys] of keyTable()) {
    lines.push([{ text: t(section), tone: 'heading' }]);
    for (const [key, what] of keys) {
      lines.push(
        ...wrapSegments(
          [{ text: t(what) }],
          width,
          [{ text: `  ${padCells(key, 22)}`, tone: 'key' }],
          [{ text: indent }],
        ),
      );
    }
    lines.push([]);
  }
  lines.push([{ text: t('help.progress'), tone: 'dim' }]);
  lines.push([{ text: t('help.close'), tone: 'dim' }]);
  return lines.length > height ? lines.filter((line) => line.length > 0) : lines;
}

/** How far a key scrolls the page (0: it is not a scrolling key). */
function scrollBy(input: string, key: Key, page: number): number {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.pageUp) return -page;
  if (key.pageDown) return page;
  return 0;
}

export function HelpScreen(props: { width: number; height: number; onClose: () => void; onLang?: () => void }) {
  const { width, height, onClose } = props;
  const [top, setTop, liveTop] = useLiveState(0);
  const lines = helpLines(width, height);
  // Taller than the terminal (80×24, in Chinese): the page scrolls, its last row says where.
  const tall = lines.length > height;
  const rows = tall ? height - 1 : height;
  const maxTop = Math.max(0, lines.length - rows);
  useKeys((input, key) => {
    if (key.ctrl && input === 'c') return; // the app owns Ctrl-C
    const by = scrollBy(input, key, rows);
    if (input === 'L' && props.onLang) props.onLang();
    else if (tall && by !== 0) setTop(Math.max(0, Math.min(maxTop, liveTop.current + by)));
    else onClose();
  });
  const at = Math.min(top, maxTop);
  const shown = lines.slice(at, at + rows);
  const note = t('help.scrolled', { from: at + 1, to: at + shown.length, total: lines.length });
  return (
    <Box width={width} height={height}>
      <Lines lines={tall ? [...shown, [{ text: note, tone: 'dim' }]] : shown} width={width} height={height} />
    </Box>
  );
}
