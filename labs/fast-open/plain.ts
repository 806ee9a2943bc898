// The lab's first part: with the seed's tcp_fastopen=3 a Node server, which cannot set
// TCP_FASTOPEN on its listener, is asked for a cookie and grants none.

import { fastOpenOption } from '../../checker/packets.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step } from '../kit/plan.ts';
import { asksCookie } from './connection.ts';
import { about, expectCachedCookie } from './expectations.ts';
import { curlFetch } from './fetch.ts';

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
      `with the seed's tcp_fastopen=${SEED_FAST_OPEN}, a Node server listens on :${plainPort}`,
      // It listens on every address so that curl can reach it at 127.0.0.2.
      start('plain-server', { listening: plainPort, env: { PORT: String(plainPort), LISTEN_ADDRESS: '0.0.0.0' } }),
    ),
    step(
      `curl asks ${PLAIN_SERVER}:${plainPort} for a cookie; the SYN/ACK brings none`,
      mark('plain'),
      ...plain.actions,
      judge.syn(
        'plain-syn-asks-cookie',
        "curl's SYN carries an empty Fast Open option (tfo cookiereq) and no data",
        asksCookie,
      ),
      judge.synAck(
        'plain-synack-no-cookie',
        "the SYN/ACK carries no Fast Open option: a listener that never set TCP_FASTOPEN has no Fast Open queue, whatever '2' in the sysctl says",
        (p) => fastOpenOption(p) === null,
      ),
      the.counter('plain-request-counted', 'TcpExtTCPFastOpenCookieReqd', '==', 1, {
        since: 'plain',
        text: 'TcpExtTCPFastOpenCookieReqd grew by exactly 1: the kernel counted a cookie request this listener could not answer',
      }),
      expectCachedCookie(
        'plain-nothing-cached',
        `the client's cache for ${PLAIN_SERVER} holds no cookie (ip tcp_metrics: no fo_cookie)`,
        PLAIN_SERVER,
        () => 'none',
      ),
    ),
  ];
}
