// Shared by the tests: run the real `tcplabs` command, run a lab through the real runner,
// and look at processes with ps.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { RunReport } from '../checker/verdict.ts';
import { availability } from '../labs/kit/availability.ts';
import { loadLab } from '../labs/kit/registry.ts';
import { type RunOptions, runLab } from '../labs/kit/runner.ts';
import { chooseSandbox } from '../labs/kit/sandbox.ts';

export const BIN = new URL('../bin/tcplabs.js', import.meta.url).pathname;
export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

/** The progress file the CLI keeps goes here during tests, never into the tester's home. */
export const TEST_STATE = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-test-state-'));
process.on('exit', () => rmSync(TEST_STATE, { recursive: true, force: true }));

export function tcplabs(args: string[], options: { env?: Record<string, string>; timeout?: number } = {}) {
  return execa(process.execPath, [BIN, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1', XDG_STATE_HOME: TEST_STATE, ...options.env },
    timeout: options.timeout ?? 120_000,
  });
}

/** Run a lab in fast mode through the runner; print the report when it did not pass. */
export async function runFast(id: string, options: RunOptions = {}): Promise<RunReport> {
  const report = await runLab(await loadLab(id), { fast: true, ...options });
  if (report.verdict !== 'pass' && options.mode !== 'check') {
    console.log(JSON.stringify({ ...report, events: report.events.slice(-30) }, null, 2));
  }
  // Whatever the lab, no change the capture implied may be contradicted by what ss showed.
  assert.deepEqual(report.timelineDoubts, [], `${id}: the wire and ss disagree`);
  return report;
}

export function expectation(report: RunReport, id: string) {
  const found = report.expectations.find((e) => e.id === id);
  if (!found) throw new Error(`no expectation ${id} in ${report.expectations.map((e) => e.id).join(', ')}`);
  return found;
}

/** Whether the run captured its segments (tcpdump was there): wire judges run only then. */
export function captured(report: RunReport): boolean {
  return report.timelineSource === 'wire+poll';
}

/**
 * An expectation the lab judges from the capture: found when the run captured, and absent
 * when it could not (a machine without tcpdump runs the lab from the poll alone).
 */
export function onTheWire(report: RunReport, id: string) {
  if (captured(report)) return expectation(report, id);
  assert.ok(!report.expectations.some((e) => e.id === id), `${id} was judged without a capture`);
  return null;
}

/** A wire-judged expectation's observation matches, when the run captured (see onTheWire). */
export function matchOnTheWire(report: RunReport, id: string, pattern: RegExp): void {
  const found = onTheWire(report, id);
  if (found) assert.match(found.observed, pattern);
}

/** Pids from the list that still exist, according to ps. */
export async function stillRunning(pids: readonly number[]): Promise<number[]> {
  if (pids.length === 0) return [];
  const result = await execa('ps', ['-o', 'pid=', '-p', pids.join(',')], { reject: false });
  return String(result.stdout)
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
}

/** Wait until every pid is gone (an observation polled with a deadline, not a sleep). */
export async function waitGone(pids: readonly number[], timeoutMs = 5000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = await stillRunning(pids);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = await stillRunning(pids);
  }
  return left;
}

/**
 * Why a lab cannot run on this machine (a tool it needs is missing, or there is no namespace),
 * with the command that fixes it: its tests skip with that reason, as the kit itself shows
 * the lab as unavailable. CI sets TCPLABS_ALL_LABS=1 after installing every tool, so nothing
 * is skipped there and a missing tool fails instead.
 */
export async function unavailableHere(id: string): Promise<string | false> {
  if (process.env.TCPLABS_ALL_LABS === '1') return false;
  const [lab, sandbox] = await Promise.all([loadLab(id), chooseSandbox()]);
  const can = availability(lab.needs, sandbox);
  return can.available ? false : `${id} cannot run here: ${can.why}`;
}
