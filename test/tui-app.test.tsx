// The terminal UI, rendered with ink-testing-library: the home screen, moving and
// filtering, opening a lab, and real runs of close-wait-leak on the kernel through the
// real runner (runLab) — fast mode, step mode, Ctrl-C, and a learner's file with `x`.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { findTool } from '../labs/kit/tools.ts';
import { splitTyped } from '../tui/keys.tsx';
import { FIXTURES } from './helpers.ts';
import { appsStoppedAfter, KEYS, lineWith, realCatalog, tempProgressFile } from './tui-harness.tsx';

const app = appsStoppedAfter();

/** The socket table's row for one side, e.g. the server's 127.0.0.1:8818 ⇄ … in CLOSE-WAIT. */
const SERVER_CLOSE_WAIT = /server\s+127\.0\.0\.1:\d+\s+127\.0\.0\.1:\d+\s+CLOSE-WAIT\s+\d+\/\d+/;
const CLIENT_FIN_WAIT_2 = /client\s+127\.0\.0\.1:\d+\s+127\.0\.0\.1:8818\s+FIN-WAIT-2/;

describe('home', () => {
  test('lists every lab, grouped by topic, with its status from saved progress', async () => {
    const { labs } = await realCatalog();
    const at = new Date().toISOString();
    const file = tempProgressFile({
      version: 1,
      labs: { 'close-wait-leak': { run: { verdict: 'pass', at } }, 'half-close': { run: { verdict: 'fail', at } } },
    });
    // Wide enough that a lab's reason for being unavailable is not cut.
    const ui = await app({ progressFile: file, columns: 220 });
    const frame = await ui.waitFor('Teardown');
    for (const lab of labs) {
      const line = lineWith(frame, new RegExp(`\\s${lab.id}\\s`));
      assert.ok(line, `no line for ${lab.id} in\n${frame}`);
      const expected = lab.id === 'close-wait-leak' ? 'passed' : lab.id === 'half-close' ? 'failed' : 'not run';
      assert.match(line, new RegExp(expected), `${lab.id} should show ${expected}: ${line}`);
      if (!lab.available) assert.match(line, /cannot run here/);
    }
    assert.match(frame, /sandbox (userns|netns|host)/);
  });

  test('j/k and the arrow keys move the highlight', async () => {
    const { labs } = await realCatalog();
    assert.ok(labs.length >= 3, 'needs three labs');
    const ui = await app();
    const highlighted = (frame: string) => lineWith(frame, '›')?.trim().split(/\s+/)[1];
    await ui.waitFor((f) => highlighted(f) === labs[0]?.id);
    ui.press('j');
    await ui.waitFor((f) => highlighted(f) === labs[1]?.id);
    ui.press(KEYS.down);
    await ui.waitFor((f) => highlighted(f) === labs[2]?.id);
    ui.press('k');
    await ui.waitFor((f) => highlighted(f) === labs[1]?.id);
    ui.press(KEYS.up);
    await ui.waitFor((f) => highlighted(f) === labs[0]?.id);
  });

  test('/ filters as you type; Enter opens the highlighted lab', async () => {
    const ui = await app();
    await ui.waitFor('close-wait-fixed');
    ui.press('/');
    await ui.waitFor(/^\/█/m);
    for (const char of 'half') ui.press(char);
    const frame = await ui.waitFor((f) => f.includes('/half█') && !f.includes('close-wait-leak'));
    assert.match(lineWith(frame, '›') ?? '', /half-close/);
    ui.press(KEYS.enter);
    await ui.waitFor(/tcplabs › half-close/);
  });

  test('Enter opens a lab: its lesson, an empty socket table, the keys', async () => {
    const ui = await app();
    await ui.waitFor('close-wait-leak');
    ui.press(KEYS.enter);
    const frame = await ui.waitFor(/tcplabs › close-wait-leak/);
    assert.match(frame, /─ Lesson /);
    assert.match(frame, /server never does/); // the lab's summary heads the lesson pane
    assert.match(frame, /no sockets yet: r runs the lab/);
    assert.match(frame, /r run/);
    ui.press('b');
    await ui.waitFor('Teardown');
  });

  test('z: projector mode hides the lesson and gives the timeline the width; z again brings it back', async () => {
    const ui = await app({ rows: 40 });
    await ui.waitFor('close-wait-leak');
    ui.press(KEYS.enter);
    await ui.waitFor(/─ Lesson /);
    ui.press('z');
    const projected = await ui.waitFor((f) => !f.includes('─ Lesson ') && f.includes('─ Timeline '));
    assert.doesNotMatch(projected, /│─ Timeline/, 'the timeline is not squeezed into a second column');
    ui.press('z');
    await ui.waitFor(/─ Lesson /);
  });

  test("before r, the Steps pane shows the lab's whole plan; f switches its titles to fast mode's pauses", async () => {
    const ui = await app({ rows: 60 });
    await ui.waitFor('close-wait-leak');
    ui.press(KEYS.enter);
    const frame = await ui.waitFor(/1\. server listens on :8818/);
    for (const title of [
      '2. client dials :8818 and writes "Connect',
      '3. client waits 3000 ms, then closes',
      '4. server reads EOF and ignores it',
      '5. the leak stays',
    ]) {
      assert.ok(frame.includes(title), `${title} is in the plan before the run:\n${frame}`);
    }
    assert.doesNotMatch(frame, /✓ 1\./, 'nothing is ticked before the run');
    ui.press('f');
    await ui.waitFor(/3\. client waits 300 ms, then closes/);
  });
});

describe('lab screen, on the real kernel', () => {
  test('a fast run of close-wait-leak shows CLOSE-WAIT in the table, then PASS with the ss command', async () => {
    const file = tempProgressFile();
    // Tall enough that the whole timeline fits next to the verdict.
    const ui = await app({ progressFile: file, rows: 80 });
    await ui.waitFor('close-wait-leak');
    ui.press(KEYS.enter);
    await ui.waitFor(/tcplabs › close-wait-leak/);
    ui.press('f');
    await ui.waitFor('fast on');
    ui.press('r');
    await ui.waitFor(/RUNNING/, 30_000);
    // The two sides settle a sample apart (the client may still be FIN-WAIT-1 when the
    // server is CLOSE-WAIT); wait for the frame that shows both.
    await ui.waitFor((f) => SERVER_CLOSE_WAIT.test(f) && CLIENT_FIN_WAIT_2.test(f), 30_000);
    const done = await ui.waitFor(/ PASS /, 30_000);
    assert.match(done, /✓ within 1 s, the server side of :8818 is CLOSE-WAIT/);
    assert.match(done, /\$ ss -Htanop state close-wait 'sport = :8818'/);
    // The timeline: the client's FIN drawn as an arrow (the captured segment, which carries
    // ACK, as every FIN does), the server's side turning CLOSE-WAIT.
    // Without tcpdump the arrow is the one the state change implies, a FIN with no numbers.
    const capturing = findTool('tcpdump') !== null;
    assert.match(done, capturing ? /─ FIN\/ACK seq x\+\d+ ack y\+1 ─+▶/ : /─ FIN ─+▶/, 'a FIN arrow');
    // (≈ before the time marks a change the poll saw, not the capture.)
    assert.match(done, /│\s*≈?\d+ .*\S.*CLOSE-WAIT\s*$/m, 'CLOSE-WAIT in the server column');
    assert.match(done, /Tcp\w+ \+\d/, 'counters that moved');
    // The pass is saved in the progress file.
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.labs['close-wait-leak'].run.verdict, 'pass');
    // w writes the run's capture where the learner ran npm: a pcap Wireshark opens.
    if (capturing) {
      const here = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-w-'));
      const initCwd = process.env.INIT_CWD;
      process.env.INIT_CWD = here;
      ui.press('w');
      const notice = await ui.waitFor(/capture saved: \S+\.pcap/);
      const pcap = /capture saved: (\S+\.pcap)/.exec(notice)?.[1] as string;
      assert.equal(path.dirname(pcap), here);
      assert.equal(readFileSync(pcap).readUInt32LE(0), 0xa1b2c3d4, 'a pcap file (libpcap magic)');
      rmSync(here, { recursive: true });
      if (initCwd === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = initCwd;
    }
    ui.press('b');
    const home = await ui.waitFor('Teardown');
    assert.match(lineWith(home, ' close-wait-leak ') ?? '', /passed/);
  });

  test('step mode waits for space before each step', async () => {
    const ui = await app();
    await ui.waitFor('close-wait-leak');
    ui.press(KEYS.enter);
    await ui.waitFor(/tcplabs › close-wait-leak/);
    ui.press('f', 's');
    await ui.waitFor('step mode on');
    ui.press('r');
    await ui.waitFor(/⏸ 1\. server listens on :8818 — press space/, 30_000);
    // Held: let the clock run (the sampler keeps sampling) and check nothing moved.
    const held = await ui.waitFor((f) => Number(/ · (\d+\.\d) s/.exec(f)?.[1] ?? 0) >= 1.0, 30_000);
    assert.match(held, /no sockets yet/, 'no program started while the step was held');
    assert.doesNotMatch(held, /✓ 1\./);
    ui.press(' ');
    await ui.waitFor(/⏸ 2\. client dials/, 30_000);
    const second = ui.frame();
    assert.match(second, /✓ 1\. server listens/);
    assert.match(second, /listener\s+127\.0\.0\.1:8818/);
    assert.doesNotMatch(second, /client\s+127\.0\.0\.1:\d+\s+127\.0\.0\.1:8818/, 'the client waits for space');
    // Step mode off releases the rest.
    ui.press('s');
    await ui.waitFor(/ PASS /, 30_000);
  });

  test('Ctrl-C stops the run and marks it stopped; a second Ctrl-C quits', async () => {
    const ui = await app();
    await ui.waitFor('close-wait-leak');
    ui.press(KEYS.enter);
    await ui.waitFor(/tcplabs › close-wait-leak/);
    ui.press('r'); // teaching speed: 3 s pauses, so the run is surely mid-way
    await ui.waitFor((f) => /client\s+127\.0\.0\.1:\d+\s+127\.0\.0\.1:8818\s+ESTAB/.test(f), 30_000);
    ui.press(KEYS.ctrlC);
    const stopped = await ui.waitFor(/STOPPED/, 15_000);
    assert.match(stopped, /tcplabs › close-wait-leak/, 'back on the lab screen');
    assert.match(stopped, /every process of the run is gone/);
    assert.deepEqual(ui.quits, []);
    ui.press(KEYS.ctrlC);
    const deadline = Date.now() + 10_000;
    while (ui.quits.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(ui.quits, ['ctrl-c']);
  });

  test('x checks your own server file: a leaky server fails, with what the kernel showed and hints', async () => {
    const ui = await app({ rows: 60 }); // tall enough for every hint
    await ui.waitFor('close-wait-leak');
    ui.press(KEYS.enter);
    await ui.waitFor(/tcplabs › close-wait-leak/);
    ui.press('f', 'x');
    await ui.waitFor('your server file (close-on-eof):');
    ui.press(`${FIXTURES}learner/leaky-server.ts`, KEYS.enter);
    const frame = await ui.waitFor(/ FAIL /, 30_000);
    assert.match(frame, /checking .*leaky-server\.ts/);
    assert.match(frame, /✗ /);
    assert.match(frame, /saw: .*CLOSE-WAIT/);
    assert.match(frame, /hint: /);
  });
});

describe('terminal size', () => {
  test('below 80×24 the app asks for a larger terminal; a resize lays it out again', async () => {
    const ui = await app({ columns: 70, rows: 20 });
    const small = await ui.waitFor('too small');
    assert.match(small, /It is 70×20; tcplabs needs at least 80×24/);
    assert.doesNotMatch(small, /Teardown/);
    ui.resize(80, 24);
    const home = await ui.waitFor('Teardown');
    assert.ok(home.split('\n').length < 24, 'the frame is shorter than the terminal');
    ui.resize(79, 30);
    await ui.waitFor(/It is 79×30/);
    ui.press('q');
    const deadline = Date.now() + 5000;
    while (ui.quits.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(ui.quits, ['key']);
  });
});

describe('keys', () => {
  test('a burst read at once is handled key by key: text, Enter, two Ctrl-C', () => {
    const none = splitTyped('x', {} as never)[0]?.[1];
    assert.deepEqual(none, {});
    const burst = splitTyped('/ab\r', { ctrl: false, meta: false } as never);
    assert.deepEqual(
      burst.map(([input, key]) => [input, key.return]),
      [
        ['/', false],
        ['a', false],
        ['b', false],
        ['', true],
      ],
    );
    const twice = splitTyped('\u0003\u0003', { ctrl: false, meta: false } as never);
    assert.deepEqual(
      twice.map(([input, key]) => [input, key.ctrl]),
      [
        ['c', true],
        ['c', true],
      ],
    );
  });
});
