import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Expectation } from '../../checker/expect.ts';
import { expectCount, expectTimer } from '../../checker/expect.ts';
import { parseSysctlConf, sysctlPath } from '../../checker/sysctl-conf.ts';
import { isLabError } from '../kit/errors.ts';
import { defineLab, type LabContext } from '../kit/lab.ts';

const FIN_TIMEOUT = 5;
const SEEDS_FILE = path.join(import.meta.dirname, 'seeds-sysctl.conf');
const SEEDS_SHOWN = 'labs/sysctl-audit/seeds-sysctl.conf';
const SETTINGS = parseSysctlConf(readFileSync(SEEDS_FILE, 'utf8')).filter((line) => line.kind === 'setting').length;

/** A key's value inside the lab's namespace, or null when the kernel has no such key. */
async function readKey(ctx: LabContext, key: string): Promise<string | null> {
  const script = 'if [ -e "$1" ]; then echo present; cat "$1"; else echo absent; fi';
  const { stdout } = await ctx.sh(['sh', '-c', script, 'read', sysctlPath(key)]);
  const [presence, ...value] = stdout.trim().split('\n');
  return presence === 'present' ? value.join(' ').trim() : null;
}

/** "`sysctl KEY` prints VALUE", judged once on the namespace's /proc/sys. */
function expectSysctl(ctx: LabContext, id: string, key: string, value: string | null, text: string): Expectation {
  return {
    id,
    text,
    command: value === null ? ['ls', sysctlPath(key)] : ['sysctl', key],
    within: 0,
    async attempt() {
      const seen = await readKey(ctx, key);
      const observed = seen === null ? `${sysctlPath(key)}: no such file` : `${key} = ${seen}`;
      return { ok: seen === value, observed };
    },
  };
}

/** A line the apply program printed; the command is what a learner types for the same thing. */
function expectApplied(id: string, pattern: RegExp, text: string): Expectation {
  return {
    id,
    text,
    command: ['sysctl', '-p', SEEDS_SHOWN],
    within: 1000,
    async attempt(env) {
      const line = env.output('apply').find((candidate) => pattern.test(candidate));
      return line ? { ok: true, observed: line } : { ok: false, observed: 'apply printed no such line' };
    },
  };
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
  programs: { server: 'server.ts', client: 'client.ts', apply: 'apply.ts' },
  // The kernel reaps the orphaned FIN-WAIT-2 tcp_fin_timeout seconds after it began.
  floorMs: FIN_TIMEOUT * 1000,
  async run(ctx) {
    const port = ctx.port;

    await ctx.step('what a fresh network namespace starts with', async () => {
      await ctx.expect(
        expectSysctl(
          ctx,
          'tw-recycle-gone',
          'net.ipv4.tcp_tw_recycle',
          null,
          'net.ipv4.tcp_tw_recycle does not exist: it was removed in Linux 4.12',
        ),
      );
      await ctx.expect(
        expectSysctl(
          ctx,
          'syncookies-default',
          'net.ipv4.tcp_syncookies',
          '1',
          'tcp_syncookies starts at 1 (cookies when a SYN queue overflows), not 0 as the recipe says',
        ),
      );
      await ctx.expect(
        expectSysctl(
          ctx,
          'syn-retries-default',
          'net.ipv4.tcp_syn_retries',
          '6',
          'tcp_syn_retries starts at 6, not 5 as the recipe says',
        ),
      );
      let refused = '';
      try {
        await ctx.sysctl('net.ipv4.tcp_syn_retries', 128);
      } catch (error) {
        if (ctx.signal.aborted || !isLabError(error)) throw error;
        refused = 'the write failed';
      }
      await ctx.expect({
        ...expectSysctl(
          ctx,
          'syn-retries-cap',
          'net.ipv4.tcp_syn_retries',
          '6',
          'the kernel refuses tcp_syn_retries=128 (its cap is 127, not the 255 the recipe allows)',
        ),
        command: ['sysctl', '-w', 'net.ipv4.tcp_syn_retries=128'],
        async attempt() {
          const seen = await readKey(ctx, 'net.ipv4.tcp_syn_retries');
          const ok = refused !== '' && seen === '6';
          return { ok, observed: `${refused || 'the write was accepted'}; tcp_syn_retries is ${seen}` };
        },
      });
    });

    await ctx.step(`with tcp_fin_timeout=${FIN_TIMEOUT}: a TIME-WAIT and an orphaned FIN-WAIT-2`, async () => {
      await ctx.expect(
        expectSysctl(
          ctx,
          'fin-timeout-set',
          'net.ipv4.tcp_fin_timeout',
          String(FIN_TIMEOUT),
          `the lab set tcp_fin_timeout to ${FIN_TIMEOUT} s in its namespace (the default is 60)`,
        ),
      );
      await ctx.waitListening(ctx.start('server'));
      const client = ctx.start('client');
      await ctx.waitOutput(client, /destroyed the held connection/);
      await ctx.expect(
        expectTimer({
          id: 'time-wait-still-60s',
          side: 'client',
          port,
          state: 'TIME-WAIT',
          timer: 'timewait',
          minMs: 50_000,
          maxMs: 60_000,
          text: `the polite connection's TIME-WAIT counts down from 60 s: tcp_fin_timeout=${FIN_TIMEOUT} did not shorten it`,
        }),
      );
      await ctx.expect(
        expectTimer({
          id: 'orphan-fin-wait-2-timer',
          side: 'client',
          port,
          state: 'FIN-WAIT-2',
          timer: 'timewait',
          maxMs: FIN_TIMEOUT * 1000,
          text: `the orphaned FIN-WAIT-2 counts down from ${FIN_TIMEOUT} s: this is the state tcp_fin_timeout bounds`,
        }),
      );
    });

    await ctx.step(`${FIN_TIMEOUT} s later: the kernel reaped the FIN-WAIT-2 and kept the TIME-WAIT`, async () => {
      await ctx.expect(
        expectCount({
          id: 'orphan-reaped',
          side: 'client',
          port,
          state: 'FIN-WAIT-2',
          op: '==',
          n: 0,
          within: (FIN_TIMEOUT + 2) * 1000,
          text: `within ${FIN_TIMEOUT + 2} s, the orphaned FIN-WAIT-2 is gone`,
        }),
      );
      await ctx.expect(
        expectTimer({
          id: 'time-wait-outlives-fin-timeout',
          side: 'client',
          port,
          state: 'TIME-WAIT',
          timer: 'timewait',
          minMs: 40_000,
          text: `the TIME-WAIT is still there, with more than 40 s to go`,
        }),
      );
    });

    await ctx.step('apply the recipe line by line, as sysctl -p would (in this namespace only)', async () => {
      const apply = ctx.start('apply', { args: [SEEDS_FILE], env: { TCPLABS_SANDBOXED: '1' } });
      await ctx.waitExit(apply);
      await ctx.expect(
        expectApplied(
          'recycle-rejected',
          /net\.ipv4\.tcp_tw_recycle = 1: no such key/,
          'the kernel has no tcp_tw_recycle to write: sysctl -p fails on that line',
        ),
      );
      await ctx.expect(
        expectApplied(
          'netdev-backlog-global',
          /net\.core\.netdev_max_backlog = 3000: no such key/,
          'net.core.netdev_max_backlog is global: a network namespace does not have it (only the host can set it)',
        ),
      );
      await ctx.expect(
        expectApplied(
          'others-accepted',
          new RegExp(`apply: ${SETTINGS - 2} of ${SETTINGS} lines accepted`),
          `the other ${SETTINGS - 2} lines are accepted: wrong comments do not stop a value from applying`,
        ),
      );
    });
  },
});
