// Draws prepared StyledLines, one terminal row each, cut to the width so that nothing
// ever wraps (a wrapped row would push the layout past the bottom of the terminal).

import { Box, Text } from 'ink';
import { fitLine, type StyledLine } from '../styled-line.ts';
import { useTheme } from '../theme.tsx';

export function Line({ line, width }: { line: StyledLine; width: number }) {
  const theme = useTheme();
  const fitted = fitLine(line, width);
  if (fitted.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {fitted.map((segment, index) => (
        // Segments never reorder within a line, so the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Text key={index} {...theme.style(segment.tone)}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}

/** Exactly `height` rows when given (padded with blank rows), else as many as lines. */
export function Lines({ lines, width, height }: { lines: readonly StyledLine[]; width: number; height?: number }) {
  const rows = height === undefined ? lines : lines.slice(0, height);
  const padding = height === undefined ? 0 : Math.max(0, height - rows.length);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {rows.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions on screen
        <Line key={index} line={line} width={width} />
      ))}
      {Array.from({ length: padding }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions on screen
        <Text key={`pad-${index}`}> </Text>
      ))}
    </Box>
  );
}
