// The plan's middle: the textbook schedule, the output-hook drop beside it, and the kernel's
// default linear timeouts. What each client should see is computed by checker/syn-give-up.ts.

import type { Expectation } from '../../checker/expect.ts';
import { tcpdumpCommand } from '../../checker/packets.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { hasSysctl, mark, start, step, sysctl } from '../kit/plan.ts';
import { t } from './messages.ts';
import { gaveUp, scheduleOf, synsOf } from './syns.ts';

export const SYN_RETRIES = 2;
export const LINEAR_TIMEOUTS = 'net.ipv4.tcp_syn_linear_timeouts';
/** The default of tcp_syn_linear_timeouts on the kernels that have it (6.5 and later). */
export const KERNEL_LINEAR_DEFAULT = 4;
export const hasLinear = hasSysctl(LINEAR_TIMEOUTS);
/** What the kernel does for tcp_syn_retries=2, computed as tcp_write_timeout() decides. */
export const TEXTBOOK = scheduleOf(SYN_RETRIES, 0);
export const LINEAR = scheduleOf(SYN_RETRIES, KERNEL_LINEAR_DEFAULT);

/** The output-hook client dials the next port: its SYNs never reach the wire, nor the capture. */
function expectNeverCaptured(port: number): Expectation {
  return {
    id: 'output-drop-never-captured',
    text: t('neverCaptured.text', { port }),
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
      {
        title: t('textbook.step', { retries: SYN_RETRIES, outputPort }),
        predict: {
          question: t('textbook.predict'),
          expectation: 'syn-sent-after-first-retry',
          choices: ['ESTAB', 'SYN-SENT', 'SYN-RECV', 'CLOSED'],
        },
      },
      mark('textbook'),
      start('client'),
      start('client-output-drop', { env: { PORT: String(outputPort) } }),
      ...textbook.afterCopy('syn-sent-after-first-retry', 2, {
        waitMs: 5000,
        maxMs: TEXTBOOK.waitAfterMs(2),
        text: t('textbook.afterFirst', { s: TEXTBOOK.waitAfterMs(2) / 1000 }),
      }),
      ...textbook.afterCopy('syn-sent-after-second-retry', 3, {
        waitMs: 4000,
        maxMs: TEXTBOOK.waitAfterMs(3),
        text: t('textbook.afterSecond', { s: TEXTBOOK.waitAfterMs(3) / 1000 }),
      }),
    ),
    step(
      {
        title: t('giveUp.step', { s: TEXTBOOK.waitAfterMs(3) / 1000 }),
        predict: {
          question: t('giveUp.predict', { retries: SYN_RETRIES }),
          expectation: 'syn-retrans-textbook',
          choices: ['2', '3', '4', '6'],
        },
      },
      ...gaveUp(the, {
        role: 'client',
        schedule: TEXTBOOK,
        waitMs: TEXTBOOK.waitAfterMs(3) + 3000,
        etimedout: ['connect-etimedout', t('giveUp.etimedout')],
        gaveUp: [
          'gave-up-after-7s',
          t('giveUp.after', { s: TEXTBOOK.gaveUpAtS, retries: SYN_RETRIES, window: TEXTBOOK.windowText }),
        ],
        wire: {
          syns: textbook,
          since: 'textbook',
          othersResent: TEXTBOOK.gapsMs.length,
          schedule: [
            'syn-schedule-textbook',
            t('giveUp.schedule', { tolerance: textbook.tolerance, retries: SYN_RETRIES }),
          ],
          counter: ['syn-retrans-textbook', t('giveUp.counter', { n: 2 * SYN_RETRIES, retries: SYN_RETRIES })],
        },
      }),
      the.client.count('client-socket-gone', 'SYN-SENT', '==', 0, {
        text: t('giveUp.socketGone'),
      }),
      the.server.count('server-never-saw-a-syn', 'SYN-RECV', '==', 0, {
        within: 0,
        text: t('giveUp.serverNeverSaw'),
      }),
    ),
  ];
}

/** The client whose SYNs nft dropped on the way out: what its program and the counters saw. */
export function outputDropStep({ the }: PlanInput, outputPort: number): Step {
  return step(
    t('outputDrop.step'),
    ...gaveUp(the, {
      role: 'client-output-drop',
      schedule: TEXTBOOK,
      waitMs: 3000,
      etimedout: ['output-drop-etimedout', t('outputDrop.etimedout')],
      gaveUp: [
        'output-drop-gave-up-after-7s',
        t('outputDrop.after', { s: TEXTBOOK.gaveUpAtS, window: TEXTBOOK.windowText }),
      ],
    }),
    expectNeverCaptured(outputPort),
    the.counter('output-drop-retrans-fail', 'TcpExtTCPRetransFail', '==', SYN_RETRIES, {
      since: 'textbook',
      within: 0,
      text: t('outputDrop.retransFail', { n: SYN_RETRIES }),
    }),
  );
}

/** The kernel's default linear timeouts (6.5 and later): more SYNs, the same deadline. */
export function linearSteps({ port, the }: PlanInput): Step[] {
  const linear = synsOf(port, 1, LINEAR);
  return [
    step(
      {
        title: t('linear.step', { linear: KERNEL_LINEAR_DEFAULT, retries: SYN_RETRIES }),
        when: hasLinear,
        predict: {
          question: t('linear.predict', { retries: SYN_RETRIES, linear: KERNEL_LINEAR_DEFAULT }),
          expectation: 'syn-sent-after-linear-retries',
          choices: ['2', '4', '5', '6'],
        },
      },
      sysctl(LINEAR_TIMEOUTS, KERNEL_LINEAR_DEFAULT),
      mark('linear'),
      start('client-linear'),
      ...linear.afterCopy('syn-sent-after-linear-retries', LINEAR.sentAtS.length, {
        waitMs: 10_000,
        maxMs: LINEAR.waitAfterMs(LINEAR.sentAtS.length),
        text: t('linear.after', {
          n: LINEAR.gapsMs.length,
          s: LINEAR.waitAfterMs(LINEAR.sentAtS.length) / 1000,
        }),
        // What ss -o counts by then: the retransmissions the kernel made (a prediction's answer).
        answer: String(LINEAR.gapsMs.length),
      }),
    ),
    step(
      { title: t('linear.giveUpStep', { s: LINEAR.gaveUpAtS }), when: hasLinear },
      ...gaveUp(the, {
        role: 'client-linear',
        schedule: LINEAR,
        waitMs: LINEAR.waitAfterMs(LINEAR.sentAtS.length) + 3000,
        etimedout: ['linear-connect-etimedout', t('linear.etimedout')],
        gaveUp: [
          'linear-gave-up-after-7s',
          t('linear.gaveUp', {
            s: LINEAR.gaveUpAtS,
            window: LINEAR.windowText,
            textbook: TEXTBOOK.gaveUpAtS,
            retries: SYN_RETRIES,
            linear: KERNEL_LINEAR_DEFAULT,
          }),
        ],
        wire: {
          syns: linear,
          since: 'linear',
          schedule: [
            'syn-schedule-linear',
            t('linear.schedule', {
              syns: LINEAR.sentAtS.length,
              tolerance: linear.tolerance,
              n: LINEAR.gapsMs.length,
              retries: SYN_RETRIES,
            }),
          ],
          counter: ['syn-retrans-linear', t('linear.counter', { n: LINEAR.gapsMs.length })],
        },
      }),
    ),
  ];
}
