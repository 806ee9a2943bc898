// Draws prepared StyledLines, one terminal row each, cut to the width so that nothing
// ever wraps (a wrapped row would push the layout past the bottom of the terminal).

import { Box, Text } from 'ink';
import { memo } from 'react';
import { fitLine, type StyledLine } from '../styled-line.ts';
import { type Theme, useTheme } from '../theme.tsx';

/** Trailing blanks draw nothing (unless shaded), and every cell costs Ink work each frame. */
function withoutTrailingSpace(line: StyledLine, theme: Theme): StyledLine {
  const out = [...line];
  for (;;) {
    const last = out.at(-1);
    if (!last) return out;
    const style = theme.style(last.tone);
    if (style.backgroundColor || style.inverse || style.underline) return out;
    const trimmed = last.text.trimEnd();
    if (trimmed === last.text) return out;
    if (trimmed === '') out.pop();
    else {
      out[out.length - 1] = { ...last, text: trimmed };
      return out;
    }
  }
}

function sameLine(a: StyledLine, b: StyledLine): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((segment, i) => segment.text === b[i]?.text && segment.tone === b[i]?.tone);
}

/**
 * One row. Memoised by content: panes rebuild their lines on every sample, but most rows
 * do not change, and React then skips them (this halves the work of a busy table).
 */
export const Line = memo(
  function Line({ line, width }: { line: StyledLine; width: number }) {
    const theme = useTheme();
    // Trailing blanks go first: a line is too wide only if what it shows is.
    const fitted = fitLine(withoutTrailingSpace(line, theme), width);
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
  },
  (before, after) => before.width === after.width && sameLine(before.line, after.line),
);

/** Exactly `height` rows when given (padded with blank rows), else as many as lines. */
export function Lines({ lines, width, height }: { lines: readonly StyledLine[]; width: number; height?: number }) {
  const rows = height === undefined ? lines : lines.slice(0, height);
  const padding = height === undefined ? 0 : Math.max(0, height - rows.length);
  return (
    <Box flexDirection="column" width={width} height={height}>
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
