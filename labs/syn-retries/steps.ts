// The plan's middle: the textbook schedule, the output-hook drop beside it, and the kernel's
// default linear timeouts. What each client should see is computed by checker/syn-give-up.ts.

import type { Expectation } from '../../checker/expect.ts';
import { tcpdumpCommand } from '../../checker/packets.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { hasSysctl, mark, start, step, sysctl } from '../kit/plan.ts';
import { gaveUp, scheduleOf, synsOf } from './syns.ts';

export const SYN_RETRIES = 2;
export const LINEAR_TIMEOUTS = 'net.ipv4.tcp_syn_linear_timeouts';
/** The default of tcp_syn_linear_timeouts on the kernels that have it (6.5 and later). */
const KERNEL_LINEAR_DEFAULT = 4;
export const hasLinear = hasSysctl(LINEAR_TIMEOUTS);
/** What the kernel does for tcp_syn_retries=2, computed as tcp_write_timeout() decides. */
export const TEXTBOOK = scheduleOf(SYN_RETRIES, 0);
export const LINEAR = scheduleOf(SYN_RETRIES, KERNEL_LINEAR_DEFAULT);

/** The output-hook client dials the next port: its SYNs never reach the wire, nor the capture. */
function expectNeverCaptured(port: number): Expectation {
  return {
    id: 'output-drop-never-captured',
    text: `tcpdump saw no segment to :${port}: a drop in the output hook comes before the wire`,
    command: tcpdumpCommand(`tcp port ${port}`),
    within: 0,
    async attempt(env) {
      const seen = env.packets().filter((p) => p.dst.port === port || p.src.port === port);
      return { ok: seen.length === 0, observed: `${seen.length} segments to or from :${port} captured` };
    },
  };
}

/** One client on the doubling schedule, and beside it one whose SYNs never leave the machine. */
export function textbookSteps({ port, the }: PlanInput, outputPort: number): Step[] {
  const textbook = synsOf(port, 0, TEXTBOOK);
  return [
    step(
      `the textbook schedule (tcp_syn_retries=${SYN_RETRIES}, no linear timeouts): SYN, then 1 s, then 2 s; a second client dials :${outputPort} at the same time`,
      mark('textbook'),
      start('client'),
      start('client-output-drop', { env: { PORT: String(outputPort) } }),
      ...textbook.afterCopy('syn-sent-after-first-retry', 2, {
        waitMs: 5000,
        maxMs: TEXTBOOK.waitAfterMs(2),
        text: `after the first retry, ss -o shows SYN-SENT timer:(on,…,1): 1 retransmission, the next due within ${TEXTBOOK.waitAfterMs(2) / 1000} s (the timeout doubled)`,
      }),
      ...textbook.afterCopy('syn-sent-after-second-retry', 3, {
        waitMs: 4000,
        maxMs: TEXTBOOK.waitAfterMs(3),
        text: `after the second retry, ss -o shows SYN-SENT timer:(on,…,2), due within ${TEXTBOOK.waitAfterMs(3) / 1000} s: the last wait before giving up`,
      }),
    ),
    step(
      `${TEXTBOOK.waitAfterMs(3) / 1000} s after the last SYN the kernel gives up: connect() fails with ETIMEDOUT`,
      ...gaveUp(the, {
        role: 'client',
        schedule: TEXTBOOK,
        waitMs: TEXTBOOK.waitAfterMs(3) + 3000,
        etimedout: [
          'connect-etimedout',
          'connect() failed with ETIMEDOUT (the kernel gave up; nothing refused the connection)',
        ],
        gaveUp: [
          'gave-up-after-7s',
          `connect() gave up after ≈ ${TEXTBOOK.gaveUpAtS} s = 1 + 2 + 4, the time synGiveUp(${SYN_RETRIES}) computes from tcp_write_timeout()'s rule (${TEXTBOOK.windowText})`,
        ],
        wire: {
          syns: textbook,
          since: 'textbook',
          othersResent: TEXTBOOK.gapsMs.length,
          schedule: [
            'syn-schedule-textbook',
            `tcpdump saw 3 SYNs, 1 s then 2 s apart (${textbook.tolerance}), all with the same sequence number: one SYN and ${SYN_RETRIES} retransmissions`,
          ],
          counter: [
            'syn-retrans-textbook',
            `TcpExtTCPSynRetrans grew by exactly ${2 * SYN_RETRIES}: ${SYN_RETRIES} for each client, the SYNs dropped on the way out included`,
          ],
        },
      }),
      the.client.count('client-socket-gone', 'SYN-SENT', '==', 0, {
        text: 'within 1 s, no client socket is left in SYN-SENT',
      }),
      the.server.count('server-never-saw-a-syn', 'SYN-RECV', '==', 0, {
        within: 0,
        text: 'the server never saw a SYN: no SYN-RECV on its side (the drop came before TCP)',
      }),
    ),
  ];
}

/** The client whose SYNs nft dropped on the way out: what its program and the counters saw. */
export function outputDropStep({ the }: PlanInput, outputPort: number): Step {
  return step(
    `the SYNs dropped on the way out: the same timer, the same ETIMEDOUT, no EPERM`,
    ...gaveUp(the, {
      role: 'client-output-drop',
      schedule: TEXTBOOK,
      waitMs: 3000,
      etimedout: [
        'output-drop-etimedout',
        'the client whose SYNs nft dropped on the way out also failed with ETIMEDOUT: the EPERM its kernel got from netfilter never reached connect()',
      ],
      gaveUp: [
        'output-drop-gave-up-after-7s',
        `its connect() gave up after ≈ ${TEXTBOOK.gaveUpAtS} s as well (${TEXTBOOK.windowText}): the same doubling timer, not a "local congestion" retry`,
      ],
    }),
    expectNeverCaptured(outputPort),
    the.counter('output-drop-retrans-fail', 'TcpExtTCPRetransFail', '==', SYN_RETRIES, {
      since: 'textbook',
      within: 0,
      text: `TcpExtTCPRetransFail grew by exactly ${SYN_RETRIES}: each retransmission netfilter refused is counted as failed, and then waited for like any other`,
    }),
  );
}

/** The kernel's default linear timeouts (6.5 and later): more SYNs, the same deadline. */
export function linearSteps({ port, the }: PlanInput): Step[] {
  const linear = synsOf(port, 1, LINEAR);
  return [
    step(
      {
        title: `the kernel's own default (tcp_syn_linear_timeouts=${KERNEL_LINEAR_DEFAULT}): a SYN every second, same tcp_syn_retries=${SYN_RETRIES}`,
        when: hasLinear,
      },
      sysctl(LINEAR_TIMEOUTS, KERNEL_LINEAR_DEFAULT),
      mark('linear'),
      start('client-linear'),
      ...linear.afterCopy('syn-sent-after-linear-retries', LINEAR.sentAtS.length, {
        waitMs: 10_000,
        maxMs: LINEAR.waitAfterMs(LINEAR.sentAtS.length),
        text: `after ${LINEAR.gapsMs.length} retries 1 s apart, ss -o shows SYN-SENT timer:(on,…,${LINEAR.gapsMs.length}), due within ${LINEAR.waitAfterMs(LINEAR.sentAtS.length) / 1000} s: that expiry is the give-up`,
      }),
    ),
    step(
      { title: `more tries, same deadline: connect() still fails after ≈ ${LINEAR.gaveUpAtS} s`, when: hasLinear },
      ...gaveUp(the, {
        role: 'client-linear',
        schedule: LINEAR,
        waitMs: LINEAR.waitAfterMs(LINEAR.sentAtS.length) + 3000,
        etimedout: ['linear-connect-etimedout', 'connect() failed with ETIMEDOUT again'],
        gaveUp: [
          'linear-gave-up-after-7s',
          `connect() gave up after ≈ ${LINEAR.gaveUpAtS} s again (${LINEAR.windowText}): the time limit, ${TEXTBOOK.gaveUpAtS} s for tcp_syn_retries=${SYN_RETRIES}, came before the count limit (${SYN_RETRIES} + ${KERNEL_LINEAR_DEFAULT} retransmissions)`,
        ],
        wire: {
          syns: linear,
          since: 'linear',
          schedule: [
            'syn-schedule-linear',
            `tcpdump saw ${LINEAR.sentAtS.length} SYNs 1 s apart (${linear.tolerance}): ${LINEAR.gapsMs.length} retransmissions where the textbook schedule fits ${SYN_RETRIES}`,
          ],
          counter: ['syn-retrans-linear', `TcpExtTCPSynRetrans grew by exactly ${LINEAR.gapsMs.length} this time`],
        },
      }),
    ),
  ];
}
