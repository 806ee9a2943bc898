// The lab's plan, a step at a time: two users leave a leaking server, one by closing and
// exiting (an orphan, reaped by tcp_fin_timeout), one by end() only (no timer at all); then a
// late user makes the server write to the departed one, and the RST comes back.

import { expectSysctl } from '../../checker/expect-sysctl.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step, waitExit, waitFor } from '../kit/plan.ts';
import {
  dataAnsweredByRst,
  expectOrphanTimer,
  finWait2Of,
  goneFrom,
  heldWithoutTimer,
  orphaned,
  STAYS_MS,
} from './checks.ts';
import { t } from './messages.ts';

/** tcp_fin_timeout inside the sandbox, in seconds (the default is 60). */
export const FIN_TIMEOUT = 2;
export const FIN_TIMEOUT_SYSCTL = 'net.ipv4.tcp_fin_timeout';
/** How late after tcp_fin_timeout the reap may be seen: the timer, then the 20 Hz poll. */
const REAP_SLACK_MS = 1500;

/** What may be left of the orphan once tcp_fin_timeout ends: the prediction's choices. */
const whatIsLeft = () => ['FIN-WAIT-2', 'TIME-WAIT', t('choice.nothing')];

function usersLeave({ port, scale, the }: PlanInput): Step[] {
  return [
    step(
      t('step.listens', { port }),
      start('server', { listening: true }),
      expectSysctl(
        'fin-timeout-set',
        FIN_TIMEOUT_SYSCTL,
        String(FIN_TIMEOUT),
        t('expect.finTimeoutSet', { s: FIN_TIMEOUT }),
      ),
    ),
    step(
      t('step.stayer'),
      start('client-stays', { until: /called end\(\)/, env: { LEAVE: 'end', PAUSE_MS: '0' } }),
      the.server.is('server-close-wait', 'CLOSE-WAIT', { text: t('expect.serverCloseWait', { port }) }),
    ),
    step(
      {
        title: t('step.orphan', { ms: scale(3000) }),
        predict: {
          question: t('predict.orphan'),
          expectation: 'orphan-has-timer',
          choices: ['FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED'],
        },
      },
      mark('orphaned'),
      start('client', { until: /connected from port/ }),
      waitExit('client', scale(3000) + 5000),
      finWait2Of({
        id: 'orphan-has-timer',
        role: 'client',
        port,
        holds: orphaned(FIN_TIMEOUT * 1000),
        answer: 'FIN-WAIT-2',
        text: t('expect.orphanTimer', { s: FIN_TIMEOUT }),
      }),
      expectOrphanTimer('orphan-timer-from-ack', 'client', port, FIN_TIMEOUT * 1000, t('expect.orphanFromAck')),
      finWait2Of({
        id: 'stayer-has-no-timer',
        role: 'client-stays',
        port,
        holds: heldWithoutTimer,
        text: t('expect.stayerNoTimer'),
      }),
      the.server.count('two-close-wait', 'CLOSE-WAIT', '==', 2, { text: t('expect.twoCloseWait') }),
    ),
  ];
}

function reaped({ port, the }: PlanInput): Step {
  return step(
    {
      title: t('step.reap', { s: FIN_TIMEOUT }),
      predict: { question: t('predict.reap', { s: FIN_TIMEOUT }), expectation: 'orphan-reaped', choices: whatIsLeft() },
    },
    goneFrom(
      'orphan-reaped',
      'client',
      'client',
      port,
      t('expect.reaped', { s: (FIN_TIMEOUT * 1000 + REAP_SLACK_MS) / 1000 }),
      FIN_TIMEOUT * 1000 + REAP_SLACK_MS,
      t('choice.nothing'),
    ),
    the.client.count('no-time-wait', 'TIME-WAIT', '==', 0, { within: 0, text: t('expect.noTimeWait', { port }) }),
    the.counter('tw-killed', 'TcpExtTWKilled', '==', 1, { since: 'orphaned', within: 0, text: t('expect.twKilled') }),
    the.counter('no-time-wait-counted', 'TcpExtTW', '==', 0, {
      since: 'orphaned',
      within: 0,
      text: t('expect.twNotCounted'),
    }),
    finWait2Of({
      id: 'stayer-still-waits',
      role: 'client-stays',
      port,
      holds: heldWithoutTimer,
      within: 0,
      aged: true,
      text: t('expect.stayerStillWaits', { s: FIN_TIMEOUT }),
    }),
    the.server.count('close-wait-stays', 'CLOSE-WAIT', '==', 2, { within: 0, text: t('expect.closeWaitStays') }),
  );
}

function lateUser({ port, the }: PlanInput): Step {
  return step(
    {
      title: t('step.late'),
      predict: {
        question: t('predict.late'),
        expectation: 'data-answered-by-rst',
        choices: ['ACK', 'RST', 'FIN', t('choice.nothing')],
      },
    },
    mark('late'),
    start('late-client', { until: /wrote/, env: { PAUSE_MS: String(STAYS_MS) } }),
    waitFor('server', /user2: /, 5000),
    dataAnsweredByRst('data-answered-by-rst', 'client', port, t('expect.dataRst')),
    the.output('server-epipe', 'server', /user2: write EPIPE/, { text: t('expect.epipe') }),
    the.counter('rst-sent', 'TcpOutRsts', '==', 1, { since: 'late', text: t('expect.rstSent') }),
    the.counter('close-wait-reset', 'TcpEstabResets', '==', 1, { since: 'late', text: t('expect.closeWaitReset') }),
    goneFrom('server-socket-gone', 'server', 'client', port, t('expect.serverGone'), 1000),
    the.output('stayer-hears', 'client-stays', /got "user3: Connect success"/, { text: t('expect.stayerHears') }),
  );
}

export function labSteps(input: PlanInput): Step[] {
  return [...usersLeave(input), reaped(input), lateUser(input)];
}
