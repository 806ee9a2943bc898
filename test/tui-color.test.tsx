// NO_COLOR (https://no-color.org): chalk and Ink ignore it, so the app honours it itself.
// Colour is forced on for this file (the test's stdout is not a terminal), so that a frame
// without colour codes means the app left them out, not that chalk had nothing to draw on.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';

process.env.FORCE_COLOR = '3';
delete process.env.NO_COLOR;
// Imported only now: chalk reads FORCE_COLOR when it loads.
const { renderApp } = await import('./tui-harness.tsx');
const { makeTheme } = await import('../tui/theme.tsx');

// biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences start with ESC
const SGR = /\u001b\[([0-9;]*)m/g;

/** The colour parameters (30–37, 38;…, 40–47, 48;…, 90–107) in a frame's SGR codes. */
function colourCodes(frame: string): string[] {
  const found: string[] = [];
  for (const match of frame.matchAll(SGR)) {
    for (const part of (match[1] ?? '').split(';')) {
      const n = Number(part);
      if ((n >= 30 && n <= 49 && n !== 39 && n !== 49) || (n >= 90 && n <= 107)) found.push(part);
    }
  }
  return found;
}

const open: Array<{ unmount(): void }> = [];
after(() => {
  for (const ui of open) ui.unmount();
});

test('with colour, the home screen is coloured', async () => {
  const ui = await renderApp();
  open.push(ui);
  await ui.waitFor('Teardown');
  // The harness strips escapes from frame(); look at what Ink wrote.
  assert.ok(colourCodes(ui.rawFrame()).length > 0, 'colour codes expected');
});

test('with NO_COLOR, the same screen has no colour codes, but keeps bold and inverse', async () => {
  process.env.NO_COLOR = '1';
  try {
    const ui = await renderApp();
    open.push(ui);
    await ui.waitFor('Teardown');
    const raw = ui.rawFrame();
    assert.deepEqual(colourCodes(raw), []);
    assert.ok(raw.includes('\u001b[1m'), 'bold stays (it is not a colour)');
    assert.ok(raw.includes('\u001b[7m'), 'the highlight is inverse');
  } finally {
    delete process.env.NO_COLOR;
  }
});

test('without colour a leak still stands out: CLOSE-WAIT is bold and inverse', () => {
  const mono = makeTheme(false);
  assert.deepEqual(mono.style('leak'), { bold: true, inverse: true });
  for (const tone of ['ok', 'bad', 'warn', 'info', 'wait', 'leak', 'badge-pass'] as const) {
    const style = mono.style(tone);
    assert.equal(style.color, undefined, tone);
    assert.equal(style.backgroundColor, undefined, tone);
  }
});
