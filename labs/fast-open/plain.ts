// The lab's first part: with the seed's tcp_fastopen=3 a Node server, which cannot set
// TCP_FASTOPEN on its listener, is asked for a cookie and grants none.

import { fastOpenOption } from '../../checker/packets.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step } from '../kit/plan.ts';
import { asksCookie } from './connection.ts';
import { about, expectCachedCookie } from './expectations.ts';
import { curlFetch } from './fetch.ts';
import { t } from './messages.ts';

/** The seed's "3: client and server". */
export const SEED_FAST_OPEN = 3;
/**
 * The first part's server address. The client's cookie cache is per server address, and it
 * remembers an address that ignored its cookie request (its next SYN there would try the old
 * experimental option, exp-tfo); a separate address keeps that memory away from 127.0.0.1.
 */
const PLAIN_SERVER = '127.0.0.2';

/** The plain server listens on the port after the lab's. */
export function plainListenerSteps({ port, the }: PlanInput, curl: string): Step[] {
  const plainPort = port + 1;
  const plain = curlFetch({ serverPort: plainPort, serverAddress: PLAIN_SERVER, path: '/plain', curl });
  const judge = about(plain);
  return [
    step(
      t('plain.listens', { value: SEED_FAST_OPEN, port: plainPort }),
      // It listens on every address so that curl can reach it at 127.0.0.2.
      start('plain-server', { listening: plainPort, env: { PORT: String(plainPort), LISTEN_ADDRESS: '0.0.0.0' } }),
    ),
    step(
      {
        title: t('plain.step', { server: PLAIN_SERVER, port: plainPort }),
        predict: {
          question: t('plain.predict', { value: SEED_FAST_OPEN }),
          expectation: 'plain-synack-no-cookie',
          choices: [t('choice.cookie'), t('choice.emptyOption'), t('choice.noCookie')],
        },
      },
      mark('plain'),
      ...plain.actions,
      judge.syn('plain-syn-asks-cookie', t('plain.asks'), asksCookie),
      {
        ...judge.synAck('plain-synack-no-cookie', t('plain.noCookie'), (p) => fastOpenOption(p) === null),
        answer: t('choice.noCookie'),
      },
      the.counter('plain-request-counted', 'TcpExtTCPFastOpenCookieReqd', '==', 1, {
        since: 'plain',
        text: t('plain.counted'),
      }),
      expectCachedCookie(
        'plain-nothing-cached',
        t('plain.nothingCached', { server: PLAIN_SERVER }),
        PLAIN_SERVER,
        () => 'none',
      ),
    ),
  ];
}
