import { classifyByPort } from '../../checker/timeline.ts';
import { captured } from '../close-wait-fixed/conditions.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { start, step, waitFor } from '../kit/plan.ts';
import { interviewQuestions } from './interview.ts';
import { byteChoices, CHUNK_BYTES, CHUNKS, keepSendingExercise, keepSendingSteps } from './keep-sending.ts';
import { t } from './messages.ts';
import { expectFinRightBehind, expectStatesWhileSending } from './wire.ts';

export default defineLab({
  id: 'half-close',
  get title() {
    return t('title');
  },
  topic: 'teardown',
  seed: '001',
  get summary() {
    return t('summary');
  },
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('server', 'server-default.ts', 'default server'),
    ...playing('client', 'client.ts', 'client', 'default client'),
  },
  exercises: [keepSendingExercise],
  get interview() {
    return interviewQuestions();
  },
  // The default server runs on the next port, so its connection never mixes with the first.
  classify: (port) => classifyByPort([port, port + 1]),
  plan: (input) => {
    const { port, the, scale } = input;
    const defaultPort = port + 1;
    return [
      ...keepSendingSteps(input, port),
      step(
        {
          title: t('states.step'),
          when: captured,
          predict: {
            question: t('states.predict'),
            expectation: 'fin-wait-2-receives',
            choices: ['ESTAB', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT'],
          },
        },
        expectStatesWhileSending('fin-wait-2-receives', port),
      ),
      step(
        {
          title: t('default.step', { port: defaultPort }),
          predict: {
            question: t('default.predict', { chunk: CHUNK_BYTES, more: CHUNKS - 1 }),
            expectation: 'default-flushed',
            choices: byteChoices(),
          },
        },
        start('default server', { listening: defaultPort, env: { PORT: String(defaultPort) } }),
        start('default client', { until: /sent the request and FIN/, env: { PORT: String(defaultPort) } }),
        waitFor('default client', /EOF after/, scale(3000) + 5000),
        the.output('default-flushed', 'default client', new RegExp(`EOF after ${CHUNK_BYTES} bytes`), {
          text: t('default.flushed', { bytes: CHUNK_BYTES }),
          answer: String(CHUNK_BYTES),
        }),
        the.output(
          'default-write-fails',
          'default server',
          /a write after the client's FIN failed: (EPIPE|ERR_STREAM_WRITE_AFTER_END)/,
          {
            within: scale(3000) + 1000,
            text: t('default.writeFails'),
          },
        ),
      ),
      step(
        { title: t('default.capture'), when: captured },
        expectFinRightBehind('default-fin-right-behind', defaultPort, CHUNK_BYTES),
      ),
    ];
  },
});
