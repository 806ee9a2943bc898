// End to end in a real terminal: tmux runs `npm start` in a 120×40 pane and we type at it
// like a person would. A fast run of close-wait-leak passes and shows its `ss` command;
// q gives the shell back with the app's frame gone; Ctrl-C twice mid-run does too, and
// leaves no process of the lab behind. L's language is remembered by the next start.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { findTool } from '../labs/kit/tools.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SERVER = `tcplabs-e2e-${process.pid}`;
const PANE = 'e2e';
const PROMPT = 'e2e-shell$';
const tmuxPath = findTool('tmux');

async function tmux(...args: string[]): Promise<string> {
  const result = await execa(tmuxPath as string, ['-L', SERVER, ...args], { reject: false });
  if (result.exitCode !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return String(result.stdout);
}

const screen = () => tmux('capture-pane', '-p', '-t', PANE);
const alternate = async () => (await tmux('display-message', '-p', '-t', PANE, '#{alternate_on}')).trim() === '1';
const keys = (...names: string[]) => tmux('send-keys', '-t', PANE, ...names);
const type = (text: string) => tmux('send-keys', '-t', PANE, '-l', text);

/** Poll the pane until `ok` holds (an observation with a deadline, never a fixed sleep). */
async function until(what: string, ok: (text: string) => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = await screen();
    if (await ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the pane shows:\n${last}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The shell is back: normal screen, prompt on the last line, nothing of the app on it. */
async function shellIsBack(): Promise<string> {
  const text = await until('the shell prompt', async (t) => {
    const lines = t.trimEnd().split('\n');
    return !(await alternate()) && (lines.at(-1) ?? '').startsWith(PROMPT);
  });
  for (const trace of ['tcplabs ›', 'Teardown', '─ Sockets', '─ Verdict', 'PASS']) {
    assert.ok(!text.includes(trace), `"${trace}" is still on the screen:\n${text}`);
  }
  return text;
}

/** Start each test at a prompt, whatever the previous one left behind. */
async function freshShell(): Promise<void> {
  if (await alternate()) await keys('C-c', 'C-c');
  await shellIsBack();
  await keys('clear', 'Enter');
  await until('a clear screen', (t) => t.trim() === PROMPT);
}

/** Every process below `pid`, read from /proc (pid → its command line). */
function descendants(pid: number): Map<number, string> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone while we looked
    }
  }
  const found = new Map<number, string>();
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    try {
      found.set(next, readFileSync(`/proc/${next}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
    } catch {
      continue;
    }
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** Those of `processes` still alive with the same command line (a reused pid is not ours). */
function survivors(processes: Map<number, string>): string[] {
  const alive: string[] = [];
  for (const [pid, cmdline] of processes) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() === cmdline) {
        alive.push(`${pid} ${cmdline}`);
      }
    } catch {
      // gone: good
    }
  }
  return alive;
}

describe('tcplabs in a real terminal (tmux)', { skip: tmuxPath ? false : 'tmux is not installed' }, () => {
  const state = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-e2e-'));
  let panePid = 0;

  before(async () => {
    // A plain shell with a known prompt, as a user at a terminal (not CI: Ink draws
    // nothing live under CI), with its own progress directory.
    await tmux(
      'new-session',
      '-d',
      '-s',
      PANE,
      '-x',
      '120',
      '-y',
      '40',
      '-c',
      ROOT,
      `env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR XDG_STATE_HOME=${state} PS1='${PROMPT} ' bash --norc --noprofile`,
    );
    panePid = Number((await tmux('display-message', '-p', '-t', PANE, '#{pane_pid}')).trim());
    await until('the first prompt', (t) => t.includes(PROMPT));
    await keys('clear', 'Enter');
  });

  after(async () => {
    await tmux('kill-server').catch(() => {});
    rmSync(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, SERVER), { force: true });
  });

  test('filter to close-wait-leak, fast mode, run: PASS and the ss command; q restores the shell', async () => {
    await freshShell();
    await keys('npm start', 'Enter');
    await until('the home screen', async (t) => t.includes('Teardown') && (await alternate()), 60_000);
    await keys('/');
    await type('close-wait-leak');
    await until('the filter', (t) => t.includes('/close-wait-leak█'));
    await keys('Enter');
    await until('the lab screen', (t) => t.includes('tcplabs › close-wait-leak'));
    await keys('f');
    await until('fast mode on', (t) => t.includes('fast on'));
    await keys('r');
    const done = await until('the verdict', (t) => /PASS {2}(\d+)\/\1 expectations held/.test(t));
    assert.match(done, /\$ ss -Htanop state close-wait 'sport = :8818'/);
    assert.match(done, /server\s+127\.0\.0\.1:8818\s+127\.0\.0\.1:\d+\s+CLOSE-WAIT/);
    await keys('q');
    await shellIsBack();
    await keys('echo exit=$?', 'Enter');
    await until('the exit code', (t) => t.includes('exit=0'));
    const progress = JSON.parse(readFileSync(path.join(state, 'tcplabs', 'progress.json'), 'utf8'));
    assert.equal(progress.labs['close-wait-leak'].run.verdict, 'pass');
    await keys('clear', 'Enter');
  });

  test('Ctrl-C twice mid-run: the shell is back and no process of the lab is left', async () => {
    await freshShell();
    await keys('npm start', 'Enter');
    await until('the home screen', async (t) => t.includes('Teardown') && (await alternate()), 60_000);
    await keys('Enter'); // close-wait-leak is the first lab, highlighted
    await until('the lab screen', (t) => t.includes('tcplabs › close-wait-leak'));
    const idle = descendants(panePid);
    await keys('r'); // teaching speed: the client holds the connection for 3 s
    await until('a connection in the table', (t) => /client\s+127\.0\.0\.1:\d+\s+127\.0\.0\.1:8818\s+ESTAB/.test(t));
    // What the run started: the sandbox and the lab's programs (a server and a client).
    const during = new Map([...descendants(panePid)].filter(([pid]) => !idle.has(pid)));
    const programs = [...during.values()].filter((cmd) => /server|client/.test(cmd));
    assert.ok(programs.length >= 2, `the lab's programs run below the pane:\n${[...during.values()].join('\n')}`);
    // Both in one go, as a hurried hand types them (they may arrive in a single read).
    await keys('C-c', 'C-c');
    await shellIsBack();
    // Cleanup is done before the app exits; a short deadline only covers ps racing exit.
    const deadline = Date.now() + 5000;
    let left = survivors(during);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = survivors(during);
    }
    assert.deepEqual(left, [], 'every process the run started is gone');
    assert.ok(![...descendants(panePid).values()].some((cmd) => /sleep 2147483647|labs\/close-wait-leak/.test(cmd)));
  });

  test('SIGTERM mid-run: the run is stopped, the screen restored, exit 143', async () => {
    await freshShell();
    await keys('npm start', 'Enter');
    await until('the home screen', async (t) => t.includes('Teardown') && (await alternate()), 60_000);
    await keys('Enter');
    await until('the lab screen', (t) => t.includes('tcplabs › close-wait-leak'));
    const idle = descendants(panePid);
    await keys('r');
    await until('a connection in the table', (t) => /client\s+127\.0\.0\.1:\d+\s+127\.0\.0\.1:8818\s+ESTAB/.test(t));
    const during = new Map([...descendants(panePid)].filter(([pid]) => !idle.has(pid)));
    const app = [...idle].find(([, cmd]) => cmd === 'node bin/tcplabs.js');
    assert.ok(app, `the app's process:\n${[...idle.values()].join('\n')}`);
    process.kill(app[0], 'SIGTERM');
    await shellIsBack();
    await keys('echo exit=$?', 'Enter');
    await until('the exit code', (t) => t.includes('exit=143'));
    assert.deepEqual(survivors(during), [], 'every process the run started is gone');
    await keys('clear', 'Enter');
  });

  test('an uncaught error: the screen is restored first, then the error is printed', async () => {
    await freshShell();
    // A real app (startTui, the real labs) whose process then throws where nothing catches
    // it — on our signal, once the home screen is up.
    const script = path.join(state, 'crash.mjs');
    const pidFile = path.join(state, 'crash.pid');
    writeFileSync(
      script,
      [
        `import { writeFileSync } from 'node:fs';`,
        `writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`,
        "process.on('SIGUSR2', () => setImmediate(() => { throw new Error('boom from the test'); }));",
        `const { startInteractive } = await import(${JSON.stringify(path.join(ROOT, 'cli/interactive.ts'))});`,
        'process.exitCode = await startInteractive({ json: false });',
      ].join('\n'),
    );
    await keys(`node --import ${ROOT}/node_modules/tsx/dist/loader.mjs ${script}`, 'Enter');
    await until('the home screen', async (t) => t.includes('Teardown') && (await alternate()), 60_000);
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGUSR2');
    const text = await shellIsBack();
    assert.match(text, /tcplabs: internal error: Error: boom from the test/);
    await keys('echo exit=$?', 'Enter');
    await until('the exit code', (t) => t.includes('exit=2'));
  });

  test('L switches to Chinese and the next start remembers it; --lang en wins over the saved choice', async () => {
    const saved = path.join(state, 'tcplabs', 'tui.json');
    try {
      await freshShell();
      await keys('npm start', 'Enter');
      await until('the home screen', async (t) => t.includes('Teardown') && (await alternate()), 60_000);
      await keys('L');
      await until('the home screen in Chinese', (t) => t.includes('连接关闭：四次挥手') && t.includes('L English'));
      await keys('q');
      await shellIsBack();
      assert.deepEqual(JSON.parse(readFileSync(saved, 'utf8')), { lang: 'zh' });
      await keys('clear', 'Enter');
      await keys('npm start', 'Enter');
      await until(
        'Chinese from the start',
        async (t) => t.includes('连接关闭：四次挥手') && (await alternate()),
        60_000,
      );
      await keys('q');
      await until('the shell', async () => !(await alternate()));
      await keys('clear', 'Enter');
      await keys('npm start -- --lang en', 'Enter');
      await until('English, as --lang says', async (t) => t.includes('Teardown') && (await alternate()), 60_000);
      await keys('q');
      await shellIsBack();
    } finally {
      // The other tests expect the locale's language (English here).
      rmSync(saved, { force: true });
    }
  });
});
