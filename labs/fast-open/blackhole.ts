// Linux's Fast Open black-hole detector. Some middleboxes let a Fast Open handshake through
// and then drop what follows; the client's kernel watches for that. At the third consecutive
// retransmission timeout of a Fast Open connection (net/ipv4/tcp_fastopen.c
// tcp_fastopen_active_detect_blackhole(), called from tcp_write_timeout() before the resend)
// it counts TCPFastOpenActiveFail and, if tcp_fastopen_blackhole_timeout_sec is not 0, turns
// active Fast Open off for that long (TCPFastOpenBlackhole). The lab does not set that sysctl:
// it reads what a new namespace gets, and shows the count with a FIN held through three timeouts.

import type { Expectation } from '../../checker/expect.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { dropNft, mark, nft, step } from '../kit/plan.ts';
import type { Fetch } from './fetch.ts';
import { t } from './messages.ts';

export const BLACKHOLE_TIMEOUT = 'net.ipv4.tcp_fastopen_blackhole_timeout_sec';
const HOLD_TABLE = 'fast_open_hold_fin_long';
/** A timeout's wait doubles from the 200 ms minimum: the third comes ≈ 1.6 s after the FIN. */
const THIRD_TIMEOUT_WITHIN_MS = 5000;

/** Since Linux 5.14 (and its stable backports) a namespace starts with the detector's switch off; it was 3600 s before. */
export function expectBlackholeDefault(): Expectation {
  return {
    id: 'blackhole-timeout-default',
    text: t('bh.default', { sysctl: BLACKHOLE_TIMEOUT }),
    command: ['sysctl', BLACKHOLE_TIMEOUT],
    within: 0,
    async attempt(env) {
      const value = await env.readSysctl(BLACKHOLE_TIMEOUT);
      if (value === null) return { ok: false, observed: `this kernel has no ${BLACKHOLE_TIMEOUT}` };
      return { ok: value.trim() === '0', observed: `${BLACKHOLE_TIMEOUT} = ${value.trim()}` };
    },
  };
}

/**
 * curl's FIN held until the third retransmission timeout. The timeouts are counted by
 * TcpExtTCPTimeouts (nothing else times out meanwhile); the first resend, ≈ 200 ms after the
 * FIN, is a tail loss probe, which is no timeout (TcpExtTCPLossProbes).
 */
export function blackholeStep({ port, the }: PlanInput, held: Fetch): Step {
  const timeouts = (n: number, text: string) =>
    the.counter(`held-fin-timeouts-${n}`, 'TcpExtTCPTimeouts', '==', n, {
      since: 'held',
      within: THIRD_TIMEOUT_WITHIN_MS,
      text,
    });
  return step(
    t('bh.step'),
    nft(
      HOLD_TABLE,
      `chain input {\n  type filter hook input priority 0;\n  tcp dport ${port} tcp flags & fin == fin drop\n}`,
      t('bh.hold'),
    ),
    mark('held'),
    ...held.actions,
    timeouts(2, t('bh.two')),
    the.counter('first-resend-was-a-probe', 'TcpExtTCPLossProbes', '>=', 1, {
      since: 'held',
      within: 0,
      text: t('bh.probe'),
    }),
    the.counter('two-timeouts-not-counted', 'TcpExtTCPFastOpenActiveFail', '==', 0, {
      since: 'held',
      within: 0,
      text: t('bh.twoNotCounted'),
    }),
    timeouts(3, t('bh.three')),
    the.counter('third-timeout-counted', 'TcpExtTCPFastOpenActiveFail', '==', 1, {
      since: 'held',
      within: 0,
      text: t('bh.third'),
    }),
    the.counter('nothing-switched-off', 'TcpExtTCPFastOpenBlackhole', '==', 0, {
      since: 'held',
      within: 0,
      text: t('bh.nothingOff', { sysctl: BLACKHOLE_TIMEOUT }),
    }),
    dropNft(HOLD_TABLE),
  );
}
