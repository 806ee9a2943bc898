// What a fresh network namespace starts with, against the recipe's comments, and the cap
// the kernel puts on tcp_syn_retries.

import { expectSysctl } from '../../checker/expect-sysctl.ts';
import { isLabError } from '../kit/errors.ts';
import type { Step } from '../kit/lab.ts';
import { act, hasSysctl, step } from '../kit/plan.ts';
import { t } from './messages.ts';

const SYN_RETRIES = 'net.ipv4.tcp_syn_retries';
export const TW_REUSE_DELAY = 'net.ipv4.tcp_tw_reuse_delay';

export function defaultsSteps(): Step[] {
  // Set by the write attempt, judged by the expectation after it.
  let refused = '';
  return [
    step(
      {
        title: t('defaults.step'),
        predict: {
          question: t('defaults.predict'),
          expectation: 'tw-recycle-gone',
          choices: ['0', '1', '2', t('choice.noKey')],
        },
      },
      expectSysctl('tw-recycle-gone', 'net.ipv4.tcp_tw_recycle', null, t('defaults.recycleGone'), t('choice.noKey')),
      expectSysctl('syncookies-default', 'net.ipv4.tcp_syncookies', '1', t('defaults.syncookies')),
      expectSysctl('tw-reuse-default', 'net.ipv4.tcp_tw_reuse', '2', t('defaults.twReuse')),
      expectSysctl('syn-retries-default', SYN_RETRIES, '6', t('defaults.synRetries')),
      act(t('defaults.tryCap', { key: SYN_RETRIES }), async (ctx) => {
        try {
          await ctx.sysctl(SYN_RETRIES, 128);
        } catch (error) {
          if (ctx.signal.aborted || !isLabError(error)) throw error;
          refused = 'the write failed';
        }
      }),
      {
        id: 'syn-retries-cap',
        text: t('defaults.cap'),
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
        title: t('delay.step', { key: TW_REUSE_DELAY }),
        when: hasSysctl(TW_REUSE_DELAY),
      },
      expectSysctl('tw-reuse-delay-default', TW_REUSE_DELAY, '1000', t('delay.default')),
    ),
  ];
}
