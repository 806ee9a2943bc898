import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Expectation } from '../../checker/expect.ts';
import { parseSysctlConf, sysctlPath } from '../../checker/sysctl-conf.ts';
import type { Bound } from '../kit/bound.ts';
import { isLabError } from '../kit/errors.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { act, start, step, waitExit } from '../kit/plan.ts';

const FIN_TIMEOUT = 5;
const SYN_RETRIES = 'net.ipv4.tcp_syn_retries';
const SEEDS_FILE = path.join(import.meta.dirname, 'seeds-sysctl.conf');
const SEEDS_SHOWN = 'labs/sysctl-audit/seeds-sysctl.conf';
const SETTINGS = parseSysctlConf(readFileSync(SEEDS_FILE, 'utf8')).filter((line) => line.kind === 'setting').length;

/** "`sysctl KEY` prints VALUE" (null: the key does not exist), judged once in the namespace. */
function expectSysctl(id: string, key: string, value: string | null, text: string): Expectation {
  return {
    id,
    text,
    command: value === null ? ['ls', sysctlPath(key)] : ['sysctl', key],
    within: 0,
    async attempt(env) {
      const seen = await env.readSysctl(key);
      const observed = seen === null ? `${sysctlPath(key)}: no such file` : `${key} = ${seen}`;
      return { ok: seen === value, observed };
    },
  };
}

/** A line the apply program printed; the command is what a learner types for the same thing. */
function expectApplied(the: Bound, id: string, pattern: RegExp, text: string): Expectation {
  return { ...the.output(id, 'apply', pattern, { text }), command: ['sysctl', '-p', SEEDS_SHOWN] };
}

/** A fresh namespace's defaults, against the recipe's comments; the cap on tcp_syn_retries. */
function defaultsStep() {
  // Set by the write attempt, judged by the expectation after it.
  let refused = '';
  return step(
    'what a fresh network namespace starts with',
    expectSysctl(
      'tw-recycle-gone',
      'net.ipv4.tcp_tw_recycle',
      null,
      'net.ipv4.tcp_tw_recycle does not exist: it was removed in Linux 4.12',
    ),
    expectSysctl(
      'syncookies-default',
      'net.ipv4.tcp_syncookies',
      '1',
      'tcp_syncookies starts at 1 (cookies when a SYN queue overflows), not 0 as the recipe says',
    ),
    expectSysctl('syn-retries-default', SYN_RETRIES, '6', 'tcp_syn_retries starts at 6, not 5 as the recipe says'),
    act(`try sysctl -w ${SYN_RETRIES}=128`, async (ctx) => {
      try {
        await ctx.sysctl(SYN_RETRIES, 128);
      } catch (error) {
        if (ctx.signal.aborted || !isLabError(error)) throw error;
        refused = 'the write failed';
      }
    }),
    {
      id: 'syn-retries-cap',
      text: 'the kernel refuses tcp_syn_retries=128 (its cap is 127, not the 255 the recipe allows)',
      command: ['sysctl', '-w', `${SYN_RETRIES}=128`],
      within: 0,
      async attempt(env) {
        const seen = await env.readSysctl(SYN_RETRIES);
        const ok = refused !== '' && seen === '6';
        return { ok, observed: `${refused || 'the write was accepted'}; tcp_syn_retries is ${seen}` };
      },
    },
  );
}

export default defineLab({
  id: 'sysctl-audit',
  title: "The seeds' sysctl.conf, checked against the kernel",
  topic: 'tuning',
  seed: '001',
  summary:
    'A fresh namespace has no tcp_tw_recycle and starts with syncookies on; tcp_fin_timeout reaps an orphaned FIN-WAIT-2 but leaves TIME-WAIT at 60 s; the recipe applied line by line.',
  needs: { sysctls: { 'net.ipv4.tcp_fin_timeout': FIN_TIMEOUT } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client'),
    // apply only writes sysctls inside the namespace and reports what the kernel said.
    ...playing('observer', 'apply.ts', 'apply'),
  },
  // The kernel reaps the orphaned FIN-WAIT-2 tcp_fin_timeout seconds after it began.
  floorMs: FIN_TIMEOUT * 1000,
  plan: ({ the }) => [
    defaultsStep(),
    step(
      `with tcp_fin_timeout=${FIN_TIMEOUT}: a TIME-WAIT and an orphaned FIN-WAIT-2`,
      expectSysctl(
        'fin-timeout-set',
        'net.ipv4.tcp_fin_timeout',
        String(FIN_TIMEOUT),
        `the lab set tcp_fin_timeout to ${FIN_TIMEOUT} s in its namespace (the default is 60)`,
      ),
      start('server', { listening: true }),
      start('client', { until: /destroyed the held connection/ }),
      the.client.timer('time-wait-still-60s', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 50_000,
        maxMs: 60_000,
        text: `the polite connection's TIME-WAIT counts down from 60 s: tcp_fin_timeout=${FIN_TIMEOUT} did not shorten it`,
      }),
      the.client.timer('orphan-fin-wait-2-timer', 'FIN-WAIT-2', {
        timer: 'timewait',
        maxMs: FIN_TIMEOUT * 1000,
        text: `the orphaned FIN-WAIT-2 counts down from ${FIN_TIMEOUT} s: this is the state tcp_fin_timeout bounds`,
      }),
    ),
    step(
      `${FIN_TIMEOUT} s later: the kernel reaped the FIN-WAIT-2 and kept the TIME-WAIT`,
      the.client.count('orphan-reaped', 'FIN-WAIT-2', '==', 0, {
        within: (FIN_TIMEOUT + 2) * 1000,
        text: `within ${FIN_TIMEOUT + 2} s, the orphaned FIN-WAIT-2 is gone`,
      }),
      the.client.timer('time-wait-outlives-fin-timeout', 'TIME-WAIT', {
        timer: 'timewait',
        minMs: 40_000,
        text: 'the TIME-WAIT is still there, with more than 40 s to go',
      }),
    ),
    step(
      'apply the recipe line by line, as sysctl -p would (in this namespace only)',
      start('apply', { args: [SEEDS_FILE], env: { TCPLABS_SANDBOXED: '1' } }),
      waitExit('apply'),
      expectApplied(
        the,
        'recycle-rejected',
        /net\.ipv4\.tcp_tw_recycle = 1: no such key/,
        'the kernel has no tcp_tw_recycle to write: sysctl -p fails on that line',
      ),
      expectApplied(
        the,
        'netdev-backlog-global',
        /net\.core\.netdev_max_backlog = 3000: no such key/,
        'net.core.netdev_max_backlog is global: a network namespace does not have it (only the host can set it)',
      ),
      expectApplied(
        the,
        'others-accepted',
        new RegExp(`apply: ${SETTINGS - 2} of ${SETTINGS} lines accepted`),
        `the other ${SETTINGS - 2} lines are accepted: wrong comments do not stop a value from applying`,
      ),
    ),
  ],
});
