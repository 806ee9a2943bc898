// Below 80×24 the layout cannot be drawn honestly; say so instead of drawing it broken.

import { Box } from 'ink';
import { Lines } from '../components/lines.tsx';
import { MIN_COLUMNS, MIN_ROWS } from '../layout.ts';
import { wrapSegments } from '../styled-line.ts';

export function TooSmallScreen({ columns, rows }: { columns: number; rows: number }) {
  const width = Math.max(1, columns);
  const lines = [
    ...wrapSegments([{ text: 'The terminal is too small for tcplabs.', tone: 'strong' }], width),
    ...wrapSegments([{ text: `It is ${columns}×${rows}; tcplabs needs at least ${MIN_COLUMNS}×${MIN_ROWS}.` }], width),
    ...wrapSegments([{ text: 'Enlarge the window or shrink the font. q quits.', tone: 'dim' }], width),
  ];
  const height = Math.max(1, rows - 1);
  return (
    <Box width={width} height={height}>
      <Lines lines={lines} width={width} height={height} />
    </Box>
  );
}
