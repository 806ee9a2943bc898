// Below 80×24 the layout cannot be drawn honestly; say so instead of drawing it broken.

import { Box } from 'ink';
import { Lines } from '../components/lines.tsx';
import { MIN_COLUMNS, MIN_ROWS } from '../layout.ts';
import { wrapSegments } from '../styled-line.ts';
import { t } from '../words.ts';

export function TooSmallScreen({ columns, rows }: { columns: number; rows: number }) {
  const width = Math.max(1, columns);
  const lines = [
    ...wrapSegments([{ text: t('small.title'), tone: 'strong' }], width),
    ...wrapSegments([{ text: t('small.size', { columns, rows, minColumns: MIN_COLUMNS, minRows: MIN_ROWS }) }], width),
    ...wrapSegments([{ text: t('small.fix'), tone: 'dim' }], width),
  ];
  const height = Math.max(1, rows - 1);
  return (
    <Box width={width} height={height}>
      <Lines lines={lines} width={width} height={height} />
    </Box>
  );
}
