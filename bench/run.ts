// `npm run bench`: the speed figures behind the targets in the issues, printed as a table
// (or one JSON object with --json). Medians of repeated runs; the machine is shared and
// noisy, so read ratios and medians, not single numbers. Nothing here passes or fails.
//
//   npm run bench -- [--json] [--only=labs,capture,all,sampler,census,cli,tui] [--runs=5]

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { countByState } from '../checker/census.ts';
import { Sampler } from '../checker/sampler.ts';
import { classifyByPort } from '../checker/timeline.ts';
import { readPortSockets, takeCensus } from '../cli/commands/watch.ts';
import { availability } from '../labs/kit/availability.ts';
import { runQuiet } from '../labs/kit/exec.ts';
import { loadLabs } from '../labs/kit/registry.ts';
import { runLab } from '../labs/kit/runner.ts';
import { chooseSandbox, Sandbox } from '../labs/kit/sandbox.ts';
import { tableReader } from '../labs/kit/table.ts';
import { median, round, timeRuns } from './stats.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const runs = Number(args.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 5);
const wants = (section: string) => !only || only.includes(section);
const BIN = new URL('../bin/tcplabs.js', import.meta.url).pathname;
const LOAD = new URL('./hold-connections.mjs', import.meta.url).pathname;
const log = (line: string) => {
  if (!json) console.log(line);
};

/** Teardown labs (issue 2) have an absolute target; the others a ratio to their floor. */
const TEARDOWN_TARGET_MS = 1500;
const FLOOR_RATIO_TARGET = 1.3;

async function benchLabs() {
  log(`\nFast-mode time to verdict, median of ${runs} runs in one process (runLab start → verdict)`);
  const sandbox = await chooseSandbox();
  const rows = [];
  let catalogue = 0;
  for (const lab of await loadLabs()) {
    if (!availability(lab.needs, sandbox).available) {
      log(`  ${lab.id.padEnd(26)} unavailable here`);
      continue;
    }
    const durations: number[] = [];
    let passes = 0;
    for (let i = 0; i < runs; i++) {
      const report = await runLab(lab, { fast: true });
      durations.push(report.durationMs);
      if (report.verdict === 'pass') passes++;
    }
    const ms = median(durations);
    catalogue += ms;
    const target =
      lab.floorMs !== undefined
        ? {
            kind: 'ratio',
            floorMs: lab.floorMs,
            ratio: round(ms / lab.floorMs, 2),
            met: ms <= lab.floorMs * FLOOR_RATIO_TARGET,
          }
        : { kind: 'absolute', targetMs: TEARDOWN_TARGET_MS, met: ms <= TEARDOWN_TARGET_MS };
    rows.push({ lab: lab.id, medianMs: Math.round(ms), passes, runs, ...target });
    const goal =
      target.kind === 'ratio'
        ? `floor ${target.floorMs} ms, ×${target.ratio} (target ≤ ×${FLOOR_RATIO_TARGET})`
        : `target ≤ ${TEARDOWN_TARGET_MS} ms`;
    log(
      `  ${lab.id.padEnd(26)} ${String(Math.round(ms)).padStart(6)} ms  ${passes}/${runs} pass  ${goal}  ${target.met ? 'met' : 'NOT met'}`,
    );
  }
  log(`  whole catalogue (sum of medians): ${(catalogue / 1000).toFixed(1)} s`);
  return { labs: rows, catalogueMs: Math.round(catalogue) };
}

/** The capture's cost: each lab's time to verdict with tcpdump and without, runs alternated. */
const CAPTURE_TARGET_RATIO = 1.1;

async function benchCapture() {
  log(`\nWhat the capture adds to time to verdict (fast mode), median of ${runs} runs each, alternated`);
  const sandbox = await chooseSandbox();
  const rows = [];
  for (const lab of await loadLabs()) {
    if (!availability(lab.needs, sandbox).available) continue;
    if (lab.needs.tcpdump) {
      log(`  ${lab.id.padEnd(26)} judges the capture: always on`);
      continue;
    }
    const timed = { with: [] as number[], without: [] as number[] };
    for (let i = 0; i < runs; i++) {
      timed.with.push((await runLab(lab, { fast: true })).durationMs);
      timed.without.push((await runLab(lab, { fast: true, capture: false })).durationMs);
    }
    const [withMs, withoutMs] = [median(timed.with), median(timed.without)];
    const ratio = round(withMs / withoutMs, 3);
    rows.push({ lab: lab.id, withMs: Math.round(withMs), withoutMs: Math.round(withoutMs), ratio });
    log(
      `  ${lab.id.padEnd(26)} ${String(Math.round(withMs)).padStart(6)} ms with, ${String(Math.round(withoutMs)).padStart(6)} ms without  ×${ratio} (target ≤ ×${CAPTURE_TARGET_RATIO})`,
    );
  }
  const ratios = rows.map((row) => row.ratio);
  if (ratios.length > 0) log(`  median ratio ×${round(median(ratios), 3)}`);
  return { labs: rows, medianRatio: ratios.length > 0 ? round(median(ratios), 3) : null };
}

/** `run --all`: the whole catalogue in parallel, against the longest lab alone (target ≤ ×1.3). */
const ALL_TARGET_RATIO = 1.3;

async function benchAll() {
  const { runAll } = await import('../cli/commands/run-all.ts');
  const labs = await loadLabs();
  const longest = [...labs].sort((a, b) => (b.floorMs ?? 0) - (a.floorMs ?? 0))[0];
  if (!longest) return null;
  log(`\nrun --all: the catalogue in parallel sandboxes, against ${longest.id} alone (median of ${runs})`);
  const alone: number[] = [];
  for (let i = 0; i < runs; i++) alone.push((await runLab(longest, { fast: true })).durationMs);
  const walls: number[] = [];
  let passed = 0;
  for (let i = 0; i < Math.max(1, Math.ceil(runs / 2)); i++) {
    const result = await runAll({ fast: true }, new AbortController().signal, () => {});
    walls.push(result.wallMs);
    passed = result.runs.filter((r) => r.verdict === 'pass').length;
  }
  const ratio = round(median(walls) / median(alone), 2);
  log(
    `  ${longest.id} alone ${Math.round(median(alone))} ms; all ${labs.length} labs ${Math.round(median(walls))} ms (${passed} passed): ×${ratio} (target ≤ ×${ALL_TARGET_RATIO})`,
  );
  return { longest: longest.id, aloneMs: Math.round(median(alone)), wallMs: Math.round(median(walls)), ratio, passed };
}

/** Start the load program inside a sandbox or on the host; resolves with its port once ready. */
function startLoad(
  connections: number,
  spawnIt: (argv: string[], env: Record<string, string>) => NodeJS.ReadableStream,
) {
  const stdout = spawnIt([process.execPath, LOAD], { CONNECTIONS: String(connections), PORT: '0' });
  return new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    lines.on('line', (line) => {
      const match = /^ready (\d+)/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    lines.on('close', () => reject(new Error('the load program ended before it was ready')));
  });
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** CPU time of our finished children (they are waited for), from /proc/self/stat. */
function childCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

async function benchSampler() {
  const seconds = 10;
  log(`\nSampler cost at 20 Hz with 100 sockets, over ${seconds} s after 1 s of warm-up`);
  const choice = await chooseSandbox();
  const sandbox = await Sandbox.open(choice.mode);
  try {
    const port = await startLoad(50, (argv, env) => sandbox.spawn(argv, { env }).stdout);
    const read = tableReader(sandbox);
    const sockets = read(true).filter((row) => row.local.port === port || row.peer.port === port).length;
    const started = performance.now();
    const sampler = new Sampler({
      read,
      classify: classifyByPort([port]),
      hz: 20,
      clock: () => performance.now() - started,
    });
    sampler.start();
    // Steady state: let the first samples warm the code up, then measure a long window.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cpuBefore = cpuMs();
    const samplesBefore = sampler.samples;
    const windowStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    sampler.stop();
    const wall = performance.now() - windowStart;
    const percent = ((cpuMs() - cpuBefore) / wall) * 100;
    const samples = sampler.samples - samplesBefore;
    // For comparison: the same rate with one `ss` process per sample (our CPU + ss's own).
    const ssBefore = cpuMs() + childCpuMs();
    const ssStarted = performance.now();
    for (let i = 0; i < 20 * 2; i++) {
      const tick = performance.now();
      await runQuiet('ss', ['-Htano']);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (performance.now() - tick))));
    }
    const ssPercent = ((cpuMs() + childCpuMs() - ssBefore) / (performance.now() - ssStarted)) * 100;
    log(
      `  /proc/net/tcp sampler: ${round(percent, 1)} % of one core (${samples} samples of ${sockets} sockets; target ≤ 5 %) ${percent <= 5 ? 'met' : 'NOT met'}`,
    );
    log(`  for comparison, one ss run per sample: ${round(ssPercent, 1)} % (host table)`);
    return {
      sockets,
      samples: sampler.samples,
      cpuPercent: round(percent, 2),
      ssPerSampleCpuPercent: round(ssPercent, 1),
      targetPercent: 5,
      met: percent <= 5,
    };
  } finally {
    await sandbox.close();
  }
}

async function benchCensus() {
  const connections = 5000;
  log(`\nCensus of one port with ${connections * 2 + 1} sockets (watch --once), median of ${runs}`);
  const load = spawn(process.execPath, [LOAD], {
    env: { ...process.env, CONNECTIONS: String(connections) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await startLoad(connections, () => load.stdout);
    const sockets = (await readPortSockets(port)).length;
    const awk = `awk '$4 ~ /:${port}$/ || $5 ~ /:${port}$/ {n[$1]++} END {for (s in n) print s, n[s]}'`;
    const ours = await timeRuns(runs, () => takeCensus(port));
    const ssAwk = await timeRuns(runs, () => runQuiet('sh', ['-c', `ss -tan | ${awk}`]));
    const hasNetstat = existsSync('/usr/bin/netstat') || existsSync('/bin/netstat');
    const netstatAwk = hasNetstat
      ? await timeRuns(runs, () =>
          runQuiet('sh', [
            '-c',
            `netstat -tan | awk '$4 ~ /:${port}$/ || $5 ~ /:${port}$/ {n[$6]++} END {for (s in n) print s, n[s]}'`,
          ]),
        )
      : null;
    const census = countByState(await readPortSockets(port));
    const [o, s] = [median(ours), median(ssAwk)];
    const n = netstatAwk ? median(netstatAwk) : null;
    log(`  census (ss filtered by the kernel + count):  ${round(o)} ms  (${JSON.stringify(census)})`);
    log(`  ss -tan | awk:                              ${round(s)} ms`);
    log(`  netstat -tan | awk:                         ${n === null ? 'netstat not installed' : `${round(n)} ms`}`);
    log(
      `  ratio to ss|awk ${round(o / s, 2)} (target ≤ 1.5) ${o <= s * 1.5 ? 'met' : 'NOT met'}; faster than netstat|awk: ${n === null ? 'n/a' : o < n ? 'yes' : 'NO'}`,
    );
    return {
      sockets,
      censusMs: round(o, 1),
      ssAwkMs: round(s, 1),
      netstatAwkMs: n === null ? null : round(n, 1),
      ratioToSsAwk: round(o / s, 2),
      met: o <= s * 1.5 && (n === null || o < n),
    };
  } finally {
    load.kill('SIGKILL');
  }
}

async function benchCli() {
  log(`\nWhole-process commands, median of ${runs} (node startup + tsx + work)`);
  const results: Record<string, number> = {};
  for (const [name, argv] of [
    ['list', ['list']],
    ['watch --once', ['watch', '--port', '22', '--once']],
  ] as const) {
    const samples = await timeRuns(runs, () => runQuiet(process.execPath, [BIN, ...argv]));
    results[name] = Math.round(median(samples));
    log(
      `  tcplabs ${name.padEnd(14)} ${results[name]} ms (target ≤ 600 ms) ${median(samples) <= 600 ? 'met' : 'NOT met'}`,
    );
  }
  return results;
}

async function benchTuiSection() {
  const file = path.join(import.meta.dirname, 'tui.ts');
  if (!existsSync(file)) return null;
  log('\nTerminal UI');
  // Imported by path: the TUI's benchmark lives beside this file once the TUI exists.
  const { benchTui } = (await import(file)) as { benchTui: () => Promise<Record<string, unknown>> };
  const figures = await benchTui();
  for (const [name, value] of Object.entries(figures)) log(`  ${name}: ${JSON.stringify(value)}`);
  return figures;
}

const figures: Record<string, unknown> = { runs };
if (wants('cli')) figures.cli = await benchCli();
// The sampler first: the census leaves 10,000 TIME-WAIT sockets behind for a minute, and
// every /proc/net/tcp read walks them.
if (wants('sampler')) figures.sampler = await benchSampler();
if (wants('census')) figures.census = await benchCensus();
if (wants('tui')) figures.tui = await benchTuiSection();
if (wants('labs')) figures.labs = await benchLabs();
if (wants('capture')) figures.capture = await benchCapture();
if (wants('all')) figures.all = await benchAll();
if (json) console.log(JSON.stringify(figures, null, 2));
