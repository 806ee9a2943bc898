// What a fresh network namespace starts with, against the recipe's comments, and the cap
// the kernel puts on tcp_syn_retries.

import { isLabError } from '../kit/errors.ts';
import type { Step } from '../kit/lab.ts';
import { act, hasSysctl, step } from '../kit/plan.ts';
import { expectSysctl } from './expect-sysctl.ts';

const SYN_RETRIES = 'net.ipv4.tcp_syn_retries';
export const TW_REUSE_DELAY = 'net.ipv4.tcp_tw_reuse_delay';

export function defaultsSteps(): Step[] {
  // Set by the write attempt, judged by the expectation after it.
  let refused = '';
  return [
    step(
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
      expectSysctl(
        'tw-reuse-default',
        'net.ipv4.tcp_tw_reuse',
        '2',
        'tcp_tw_reuse starts at 2 (reuse for loopback connections only), not 0 as the recipe says',
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
    ),
    step(
      {
        title: `the delay before tcp_tw_reuse may take a TIME-WAIT (${TW_REUSE_DELAY})`,
        when: hasSysctl(TW_REUSE_DELAY),
      },
      expectSysctl(
        'tw-reuse-delay-default',
        TW_REUSE_DELAY,
        '1000',
        'tcp_tw_reuse_delay starts at 1000 ms: a TIME-WAIT younger than that is never reused',
      ),
    ),
  ];
}
