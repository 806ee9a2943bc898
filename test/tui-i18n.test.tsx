// The TUI in two languages: its catalogue (tui/words.ts) complete in both; no English word of
// its own left in a Chinese frame (home, help, a lab before, during and after a run, a check);
// L switching everything on screen, lab and lesson included, and remembering the choice; and
// Chinese laid out by display width at 80×24, nothing cut inside a character, nothing wider.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import stringWidth from 'string-width';
import type { RunReport } from '../checker/verdict.ts';
import { createLivePrinter, formatSummary } from '../cli/text-report.ts';
import { hasHan, missingKeys } from '../i18n/catalog.ts';
import { type Lang, setLang } from '../i18n/lang.ts';
import { TOPIC_TITLES, type Topic } from '../labs/kit/lab.ts';
import type { LabEvent } from '../labs/kit/runner.ts';
import { langFlagGiven, readSettings, settingsPath, writeSettings } from '../tui/settings.ts';
import { cellWidth, lineText, sliceCells, wrapSegments } from '../tui/styled-line.ts';
import { NOT_IN_HAN, type TuiKey, tuiMessages } from '../tui/words.ts';
import {
  bilingualLab,
  bilingualListing,
  type Harness,
  KEYS,
  openBilingualLab,
  renderApp,
  scriptedRunner,
  tempProgressFile,
} from './tui-harness.tsx';

const open: Harness[] = [];
afterEach(async () => {
  for (const harness of open.splice(0)) {
    await harness.tracker.stopAll();
    harness.unmount();
  }
  setLang('en'); // the language is process-wide: every test starts in English
});

const PLACEHOLDER = /\{(\w+)\}/g;
const placeholders = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();
/** Symbols, digits, spaces and placeholders only: nothing there to translate. */
const wordless = (text: string) => !/\p{L}/u.test(text.replace(PLACEHOLDER, ''));

describe('the catalogue', () => {
  test('both languages have the same keys, each value the same placeholders, every Chinese value in Chinese', () => {
    assert.deepEqual(missingKeys(tuiMessages), { en: [], zh: [] });
    for (const key of Object.keys(tuiMessages.en) as TuiKey[]) {
      const en = tuiMessages.en[key];
      const zh = tuiMessages.zh[key];
      assert.ok(zh.trim() !== '', `zh ${key} is empty`);
      assert.deepEqual(placeholders(zh), placeholders(en), `${key}: the same placeholders in both`);
      // The rule: Han characters, unless the text is wordless or its key says why not.
      if (key in NOT_IN_HAN) assert.ok(NOT_IN_HAN[key]?.trim(), `${key}: NOT_IN_HAN gives a reason`);
      else if (!wordless(en)) assert.ok(hasHan(zh), `zh ${key} has no Chinese: "${zh}"`);
    }
  });

  test('a heading for every topic; the English ones as labs/kit/lab.ts has them', () => {
    for (const topic of Object.keys(TOPIC_TITLES) as Topic[]) {
      assert.equal(tuiMessages.en[`topic.${topic}` as TuiKey], TOPIC_TITLES[topic]);
      assert.ok(hasHan(tuiMessages.zh[`topic.${topic}` as TuiKey]));
    }
  });
});

/**
 * The TUI's own English: each run of two or more words between placeholders in an English
 * value. One of these in a Chinese frame is a string that bypassed the catalogue.
 */
function englishPhrases(): string[] {
  const phrases = new Set<string>();
  for (const value of Object.values(tuiMessages.en)) {
    for (const part of value.split(/\{\w+\}/)) {
      const text = part.trim();
      if ((text.match(/[A-Za-z]+/g) ?? []).length >= 2) phrases.add(text);
    }
  }
  return [...phrases];
}

function englishIn(frames: readonly string[]): string[] {
  const phrases = englishPhrases();
  return frames.flatMap((frame) =>
    phrases.filter((phrase) => frame.includes(phrase)).map((p) => `"${p}" in\n${frame}`),
  );
}

async function bilingualApp(lang: Lang, columns = 120, rows = 40, props: Record<string, unknown> = {}) {
  setLang(lang);
  const scripted = scriptedRunner();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-lang-'));
  const ui = await renderApp({
    columns,
    rows,
    props: {
      labs: bilingualListing(),
      relist: async () => bilingualListing(),
      openLab: openBilingualLab,
      runner: scripted.runner,
      settingsFile: path.join(dir, 'tui.json'),
      ...props,
    },
  });
  open.push(ui);
  return { ui, release: scripted.release, settings: path.join(dir, 'tui.json') };
}

/** Every screen and state the scripted lab goes through, as frames, in one language. */
async function tour(lang: Lang): Promise<string[]> {
  const doctor = async () =>
    lang === 'zh'
      ? [
          { what: '缺少 nft', fix: 'sudo apt-get install nftables' },
          { what: '缺少 curl', fix: 'sudo apt-get install curl' },
        ]
      : [
          { what: 'nft is missing', fix: 'sudo apt-get install nftables' },
          { what: 'curl is missing', fix: 'sudo apt-get install curl' },
        ];
  const { ui, release } = await bilingualApp(lang, 120, 40, { doctor });
  const frames: string[] = [];
  const see = async (ready: string | RegExp | ((f: string) => boolean)) => frames.push(await ui.waitFor(ready));
  await see('scripted-leak');
  ui.resize(70, 20);
  await see('70×20');
  ui.resize(120, 40);
  await see('scripted-leak'); // keys before the home screen is back would go to the too-small one
  ui.press('/', 'z', 'z', 'z');
  await see('zzz█');
  ui.press(KEYS.escape); // alone: Esc and a key read at once are Alt and that key
  await see((f) => !f.includes('zzz'));
  ui.press('?');
  await see(/tcplabs — (keys|按键)/);
  ui.press('x'); // any other key closes the help
  await see((f) => f.includes('scripted-leak') && !/tcplabs — (keys|按键)/.test(f));
  ui.press(KEYS.enter);
  await see('tcplabs › scripted-leak');
  ui.press('w');
  await see(/tcpdump/);
  ui.press('s', 'p', 'r');
  await see('⏸');
  ui.press(' ');
  await see(/\?.*FIN/);
  ui.press('9');
  await see('1–2');
  ui.press('2');
  await see(/judging as|边运行边判定/);
  release();
  await see(' PASS ');
  ui.press('h');
  await see(/hints come|检查（x）/);
  ui.press('s', 'p', 'x');
  await see(/close-on-eof[)）][:：]/);
  ui.press('server.ts', KEYS.enter);
  await see(' FAIL ');
  ui.press('h');
  await see((f) => f.split(/hint: |提示：/).length > 2);
  return frames;
}

describe('no English of the TUI in Chinese', () => {
  test('the home screen, help, a lab before, during and after a run, and a check, in Chinese', async () => {
    const frames = await tour('zh');
    assert.deepEqual(englishIn(frames), []);
    for (const frame of frames) assert.ok(hasHan(frame), `a Chinese frame:\n${frame}`);
  });

  test('the same tour in English shows those phrases: the check above can see them', async () => {
    const seen = new Set(englishIn(await tour('en')).map((hit) => hit.split('" in')[0]));
    assert.ok(seen.size >= 40, `only ${seen.size} of the phrases seen`);
  });

  test("the text report's own words, in Chinese", () => {
    setLang('zh');
    const lines: string[] = [];
    const print = createLivePrinter(
      (line) => lines.push(line),
      (_, text) => text,
    );
    const report = {
      lab: 'scripted-leak',
      verdict: 'fail',
      port: 8818,
      durationMs: 1600,
      packets: [],
      packetViewMissing: '没有 tcpdump',
      counters: { TcpActiveOpens: 1 },
      timelineDoubts: [{}],
      predictions: [{ question: '服务端处于什么状态？', guess: 'ESTAB', right: false, observed: 'CLOSE-WAIT' }],
      error: '程序崩溃了',
      hints: ['一', '二', '三'],
      expectations: [{ ok: false }],
    } as unknown as RunReport;
    const events: LabEvent[] = [
      {
        type: 'started',
        lab: 'scripted-leak',
        mode: 'check',
        sandbox: 'userns',
        port: 8818,
        fast: true,
        sides: {},
        pollOnly: '轮询',
        chart: null,
      },
      {
        type: 'sample',
        snapshot: { tMs: 1, sockets: [] },
        transitions: [
          { tMs: 1, conn: 'c', role: 'server', local: 'a', peer: 'b', from: null, to: 'ESTAB', source: 'poll' },
        ],
      },
      {
        type: 'expectation',
        result: { id: 'x', text: '预期', ok: true, observed: '看到的', command: 'ss -t', tMs: 1 },
      },
      {
        type: 'prediction',
        outcome: {
          question: '问题',
          choices: ['A', 'B'],
          answer: 'A',
          expectation: 'x',
          step: 0,
          guess: 'B',
          right: false,
          observed: '看到的',
          held: true,
        },
      },
    ];
    for (const event of events) print(event);
    const text = [...lines, formatSummary(report, (_, s) => s, 1)].join('\n');
    assert.deepEqual(englishIn([text]), []);
    assert.match(text, /内核：/);
  });
});

describe('L switches the language', () => {
  test('home, then an open lab and its lesson, before and after a run; the choice is saved', async () => {
    const { ui, release, settings } = await bilingualApp('en');
    await ui.waitFor('Teardown');
    ui.press('L');
    const home = await ui.waitFor('连接关闭：四次挥手');
    assert.match(home, /脚本演示的泄漏/, "the lab's title, listed again in Chinese");
    assert.match(home, /· 未运行/);
    assert.deepEqual(JSON.parse(readFileSync(settings, 'utf8')), { lang: 'zh' });
    ui.press(KEYS.enter);
    const lab = await ui.waitFor('─ 讲解 ');
    assert.match(lab, /服务端为什么停在 CLOSE-WAIT/, 'LESSON.zh.md');
    assert.match(lab, /1\. 服务端在 :8818 上监听/);
    ui.press('L');
    const english = await ui.waitFor('─ Lesson ');
    assert.match(english, /WHY THE SERVER STAYS/, 'LESSON.md');
    assert.match(english, /1\. server listens on :8818/);
    ui.press('r');
    release();
    await ui.waitFor(' PASS ');
    ui.press('L');
    const after = await ui.waitFor('─ 判定 ');
    assert.match(after, /✓ 1\. 服务端在 :8818 上监听/, "the run's steps, re-worded from the new plan");
    assert.match(after, /✓ 1 秒内，:8818 的服务端一侧处于 CLOSE-WAIT/, 'the expectation, by its id');
    assert.match(after, /PASS {2}1\/1 项预期成立/);
    assert.deepEqual(JSON.parse(readFileSync(settings, 'utf8')), { lang: 'zh' });
    ui.press('?');
    await ui.waitFor('tcplabs — 按键');
    ui.press('L');
    await ui.waitFor('tcplabs — keys');
    assert.deepEqual(JSON.parse(readFileSync(settings, 'utf8')), { lang: 'en' });
  });

  test('the state file: written whole, read back; a bad one is no choice; --lang is seen', () => {
    const progress = tempProgressFile();
    const file = settingsPath(progress);
    assert.equal(path.dirname(file), path.dirname(progress), 'beside progress.json');
    assert.deepEqual(readSettings(file), {}, 'no file yet');
    writeSettings(file, { lang: 'zh' });
    assert.deepEqual(readSettings(file), { lang: 'zh' });
    writeFileSync(file, '{"lang": "fr"}');
    assert.deepEqual(readSettings(file), {});
    writeFileSync(file, 'not json');
    assert.deepEqual(readSettings(file), {});
    assert.throws(() => writeSettings(path.join(file, 'below-a-file.json'), { lang: 'en' }), /below-a-file/);
    assert.equal(langFlagGiven(['--lang', 'zh']), true);
    assert.equal(langFlagGiven(['--lang=en', 'run']), true);
    assert.equal(langFlagGiven(['run', 'x', '--', '--lang']), false);
    assert.equal(langFlagGiven([]), false);
  });
});

/** No line wider than the terminal, measured as the terminal does; the frame shorter than it. */
function assertFits(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  assert.ok(lines.length < rows, `${lines.length} rows:\n${frame}`);
  for (const line of lines) {
    assert.ok(stringWidth(line) <= columns, `${stringWidth(line)} cells: ${line}`);
    assert.ok(!line.includes('\uFFFD'), `a broken character: ${line}`);
  }
}

/**
 * The frame once it shows `text` laid out for 80×24 (the first frame is drawn before the
 * harness sets the size), checked to fit; a frame that never fits fails with its widest line.
 */
async function fitted(ui: Harness, text: string): Promise<string> {
  const fits = (frame: string) => frame.split('\n').every((line) => stringWidth(line) <= 80);
  try {
    return await ui.waitFor((f) => f.includes(text) && fits(f), 5000);
  } catch {
    assertFits(ui.frame(), 80, 24);
    throw new Error(`never showed ${text}:\n${ui.frame()}`);
  }
}

describe('Chinese at 80×24', () => {
  test('the home screen and a lab screen before and after a run fit, cut only between characters', async () => {
    const { ui, release } = await bilingualApp('zh', 80, 24);
    const home = await fitted(ui, '连接关闭：四次挥手');
    assertFits(home, 80, 24);
    ui.press(KEYS.enter);
    const before = await fitted(ui, '─ 讲解 ');
    assertFits(before, 80, 24);
    // The long title is cut to make room for the badge, with …, never inside a character.
    const title = bilingualLab().title;
    const header = before.split('\n')[0] as string;
    const shown = /scripted-leak {2}(.*?)…/.exec(header)?.[1] ?? '';
    assert.ok(shown.length > 0 && title.startsWith(shown), `the title's start, cut with …: ${header}`);
    assert.match(header, / 就绪 ?$/, 'the badge at the right edge');
    ui.press('r');
    await ui.waitFor('运行中');
    release();
    const after = await fitted(ui, ' PASS ');
    assertFits(after, 80, 24);
    assert.match(after, /─ 判定 /);
  });

  test('Chinese wraps between characters, keeps every one, and never splits one', () => {
    const text = '客户端关闭自己这一侧（发出 FIN），服务端的内核自动回复 ACK，而服务端程序什么也不做。';
    for (let width = 3; width <= 30; width++) {
      const lines = wrapSegments([{ text }], width).map(lineText);
      for (const line of lines) assert.ok(cellWidth(line) <= width, `${width}: "${line}"`);
      assert.equal(lines.join('').replace(/ /g, ''), text.replace(/ /g, ''), `nothing lost at ${width}`);
      // Closing punctuation never starts a line (where its word fits on one at all).
      if (width < 8) continue;
      for (const line of lines.slice(1)) assert.doesNotMatch(line, /^[，。）]/, `${width}: "${line}"`);
    }
    assert.equal(sliceCells('中文字', 5), '中文', 'a wide character that does not fit is left out whole');
    assert.equal(cellWidth('TIME-WAIT 中文'), 14);
  });
});

after(() => setLang('en'));
