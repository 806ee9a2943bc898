// The lesson renderer: LESSON.md subset → styled terminal lines at a given width.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LABS_DIR } from '../labs/kit/registry.ts';
import { parseInline, renderMarkdown } from '../tui/markdown.ts';
import { lineText, lineWidth } from '../tui/styled-line.ts';

const text = (source: string, width = 40) => renderMarkdown(source, width).map(lineText);

test('headings, paragraphs joined and wrapped to the width', () => {
  const lines = renderMarkdown(
    '# Close wait\n\nThe client closes;\nthe server never does, so its side sits in CLOSE-WAIT.',
    30,
  );
  assert.equal(lineText(lines[0] ?? []), 'CLOSE WAIT');
  assert.equal(lines[0]?.[0]?.tone, 'title');
  assert.equal(lineText(lines[1] ?? []), '');
  assert.deepEqual(lines.slice(2).map(lineText), [
    'The client closes; the server',
    'never does, so its side sits',
    'in CLOSE-WAIT.',
  ]);
  for (const line of lines) assert.ok(lineWidth(line) <= 30);
});

test('lists: bullets, numbers, nesting, continuation lines, hanging indent', () => {
  assert.deepEqual(text('- one\n- two that is long enough to wrap around\n  and continues\n  - nested\n1. first'), [
    '• one',
    '• two that is long enough to wrap around',
    '  and continues',
    '  ◦ nested',
    '1. first',
  ]);
});

test('code blocks keep every character and their shape; inline markup is styled', () => {
  const lines = renderMarkdown(
    'Run `ss -tan` **now**:\n\n```sh\nss -Htanop state close-wait\n  indented   spaces\n```\n',
    40,
  );
  const inline = lines[0] ?? [];
  assert.deepEqual(
    inline.filter((s) => s.tone).map((s) => [s.text, s.tone]),
    [
      ['ss', 'code'],
      ['-tan', 'code'],
      ['now', 'strong'],
    ],
  );
  const code = lines.filter((line) => line.some((s) => s.tone === 'code' && s.text.includes('spaces')));
  assert.equal(lineText(code[0] ?? []), '    indented   spaces');
  assert.ok(lines.some((line) => lineText(line) === '  ss -Htanop state close-wait'));
});

test('quotes, rules, tables and links', () => {
  const lines = text(
    '> a myth\n\n---\n\n| state | who |\n|---|---|\n| `CLOSE-WAIT` | **server** |\n\nsee [the RFC](https://x)',
    30,
  );
  assert.ok(lines.includes('│ a myth'));
  assert.ok(lines.some((line) => /^─+$/.test(line)));
  assert.ok(lines.includes('  state       who'));
  assert.ok(lines.includes('  CLOSE-WAIT  server'));
  assert.ok(lines.includes('see the RFC'));
  assert.deepEqual(parseInline('a *b* _c_ snake_case'), [
    { text: 'a ' },
    { text: 'b', tone: 'em' },
    { text: ' ' },
    { text: 'c', tone: 'em' },
    { text: ' snake_case' },
  ]);
});

test('every LESSON.md in labs/ renders, and prose never exceeds the width', () => {
  for (const id of readdirSync(LABS_DIR)) {
    let source: string;
    try {
      source = readFileSync(path.join(LABS_DIR, id, 'LESSON.md'), 'utf8');
    } catch {
      continue;
    }
    for (const width of [30, 48, 100]) {
      const lines = renderMarkdown(source, width);
      assert.ok(lines.length > 3, `${id} renders`);
      for (const line of lines) {
        // Code and tables are cut where they are drawn; everything else is wrapped here.
        if (line.some((s) => s.tone === 'code' && s.text === lineText(line).trim()) || lineText(line).startsWith('  '))
          continue;
        assert.ok(lineWidth(line) <= width, `${id} at ${width}: "${lineText(line)}"`);
      }
    }
  }
});
