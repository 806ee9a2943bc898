import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Expectation } from '../../checker/expect.ts';
import { parseSysctlConf } from '../../checker/sysctl-conf.ts';
import type { Bound } from '../kit/bound.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { start, step, waitExit } from '../kit/plan.ts';
import { defaultsSteps } from './defaults.ts';
import { FIN_TIMEOUT, finTimeoutSteps } from './fin-timeout.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { twReuseSteps } from './tw-reuse.ts';

const SEEDS_FILE = path.join(import.meta.dirname, 'seeds-sysctl.conf');
const SEEDS_SHOWN = 'labs/sysctl-audit/seeds-sysctl.conf';
const SETTINGS = parseSysctlConf(readFileSync(SEEDS_FILE, 'utf8')).filter((line) => line.kind === 'setting').length;

/** A line the apply program printed; the command is what a learner types for the same thing. */
function expectApplied(the: Bound, id: string, pattern: RegExp, text: string, answer?: string): Expectation {
  return { ...the.output(id, 'apply', pattern, { text, answer }), command: ['sysctl', '-p', SEEDS_SHOWN] };
}

export default defineLab({
  id: 'sysctl-audit',
  get title() {
    return t('title');
  },
  topic: 'tuning',
  seed: '001',
  get summary() {
    return t('summary');
  },
  needs: { sysctls: { 'net.ipv4.tcp_fin_timeout': FIN_TIMEOUT } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client'),
    ...playing('client', 'client-reuse.ts', 'reuser'),
    // apply only writes sysctls inside the namespace and reports what the kernel said.
    ...playing('observer', 'apply.ts', 'apply'),
  },
  get interview() {
    return interviewQuestions();
  },
  // The kernel reaps the orphaned FIN-WAIT-2 tcp_fin_timeout seconds after it began, and lets
  // connect() reuse a TIME-WAIT about 1 s after it began.
  floorMs: (FIN_TIMEOUT + 1) * 1000,
  plan: ({ the, port }) => [
    ...defaultsSteps(),
    ...finTimeoutSteps(the, port),
    ...twReuseSteps(the),
    step(
      {
        title: t('apply.step'),
        predict: {
          question: t('apply.predict', { n: SETTINGS }),
          expectation: 'others-accepted',
          choices: [SETTINGS, SETTINGS - 1, SETTINGS - 2, 0].map(String),
        },
      },
      start('apply', { args: [SEEDS_FILE], env: { TCPLABS_SANDBOXED: '1' } }),
      waitExit('apply'),
      expectApplied(the, 'recycle-rejected', /net\.ipv4\.tcp_tw_recycle = 1: no such key/, t('apply.recycle')),
      expectApplied(
        the,
        'netdev-backlog-global',
        /net\.core\.netdev_max_backlog = 3000: no such key/,
        t('apply.netdev'),
      ),
      expectApplied(
        the,
        'others-accepted',
        new RegExp(`apply: ${SETTINGS - 2} of ${SETTINGS} lines accepted`),
        t('apply.others', { n: SETTINGS - 2 }),
        String(SETTINGS - 2),
      ),
    ),
  ],
});
