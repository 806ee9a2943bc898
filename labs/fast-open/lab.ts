import type { Expectation } from '../../checker/expect.ts';
import { fastOpenCookie } from '../../checker/packets.ts';
import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab, playing } from '../kit/lab.ts';
import { dropNft, mark, nft, type StepItem, start, step, sysctl } from '../kit/plan.ts';
import { findTool } from '../kit/tools.ts';
import { blackholeStep, expectBlackholeDefault } from './blackhole.ts';
import { asksCookie, carries } from './connection.ts';
import { about, expectCachedCookie } from './expectations.ts';
import { curlFetch, type Fetch } from './fetch.ts';
import { interviewQuestions } from './interview.ts';
import { t } from './messages.ts';
import { plainListenerSteps, SEED_FAST_OPEN } from './plain.ts';

/** 0x1 client + 0x2 server + 0x400: every listener, without setsockopt(TCP_FASTOPEN). */
const FAST_OPEN_EVERY_LISTENER = '0x403';
/** The server's new cookie key for the last part (any 128-bit value). */
const ROTATED_KEY = '00000000-00000000-00000000-00000001';
const SERVER = '127.0.0.1';
/** The refused request is resent as soon as the SYN/ACK arrives; an RTO would take ≥ 200 ms. */
const RESEND_WITHIN_MS = 100;
/** A held FIN is resent after the retransmission timeout (at least 200 ms, doubling). */
const CLOSE_WITHIN_MS = 5000;
const HOLD_FIN = 'fast_open_hold_fin';
/** What a SYN/ACK may acknowledge: the choices of the two predictions about it. */
const acked = () => [t('choice.synOnly'), t('choice.synAndData'), t('choice.nothing')];

/**
 * curl closes the moment it has its answer. To look at the connection with `ss -tio`, hold
 * curl's FIN: an nft rule drops it on its way in, so the server end stays ESTAB and the client
 * end FIN-WAIT-1. Dropping the table lets the kernel's retransmission of the FIN through.
 */
function withFinHeld(port: number, fetch: Fetch, looks: Expectation[], closes: Expectation): StepItem[] {
  const rules = `chain input {\n  type filter hook input priority 0;\n  tcp dport ${port} tcp flags & fin == fin drop\n}`;
  const hold = nft(HOLD_FIN, rules, t('hold.why'));
  return [hold, ...fetch.actions, ...looks, dropNft(HOLD_FIN), closes];
}

export default defineLab({
  id: 'fast-open',
  get title() {
    return t('title');
  },
  topic: 'handshake',
  seed: '003',
  get summary() {
    return t('summary');
  },
  needs: {
    // The black-hole timeout is not set: the lab reads a new namespace's (blackhole.ts).
    sysctls: { 'net.ipv4.tcp_fastopen': SEED_FAST_OPEN },
    nft: true,
    tcpdump: true,
    tools: ['curl'],
  },
  port: 8818,
  programs: {
    // plain-server: the first part's server (plain.ts), on the next port.
    ...playing('server', 'server.ts', 'server', 'plain-server'),
    ...playing('client', 'client.ts', 'client'),
  },
  classify: (port) => classifyByPort([port, port + 1]),
  get interview() {
    return interviewQuestions();
  },
  // The only kernel timers waited on: two held FINs, each resent after the minimum
  // retransmission timeout (200 ms on Linux), and one held through three: 0.2 + 0.4 + 0.8 s.
  floorMs: 1800,
  timeoutMs: 30_000,
  plan: (input) => {
    const { port, the } = input;
    const curl = findTool('curl') ?? 'curl';
    const fetch = (path: string) => curlFetch({ serverPort: port, serverAddress: SERVER, path, curl });
    const [first, second, stale, held] = [fetch('/first'), fetch('/again'), fetch('/stale'), fetch('/held')] as const;
    const [ofFirst, ofSecond, ofStale] = [about(first), about(second), about(stale)];
    const once = (id: string, name: string, since: string) => the.counter(id, name, '==', 1, { since });
    return [
      ...plainListenerSteps(input, curl),
      step(
        t('listens.step', { value: FAST_OPEN_EVERY_LISTENER, port }),
        sysctl('net.ipv4.tcp_fastopen', FAST_OPEN_EVERY_LISTENER),
        start('server', { listening: true }),
        expectBlackholeDefault(),
      ),
      step(
        t('first.step'),
        mark('first'),
        ...withFinHeld(
          port,
          first,
          [
            ofFirst.syn('first-syn-asks-cookie', t('first.asks'), asksCookie),
            ofFirst.synAck('first-synack-grants-cookie', t('first.grants'), (p) => fastOpenCookie(p) !== null),
            ofFirst.data(
              'first-request-waits',
              t('first.waits'),
              (p, c) => c.synAck !== null && c.dataIndex > c.synAckIndex && p.seq === (c.syn.seq ?? -2) + 1,
            ),
            once('first-cookie-request-counted', 'TcpExtTCPFastOpenCookieReqd', 'first'),
            ofFirst.marked('first-no-fastopen-mark', t('first.noMark'), false),
            expectCachedCookie('first-cookie-cached', t('first.cached', { server: SERVER }), SERVER, first.cookie),
          ],
          ofFirst.closes('first-closes', t('first.closes', { s: CLOSE_WITHIN_MS / 1000 }), CLOSE_WITHIN_MS),
        ),
      ),
      step(
        {
          title: t('second.step'),
          predict: { question: t('second.predict'), expectation: 'second-synack-acks-request', choices: acked() },
        },
        mark('second'),
        ...withFinHeld(
          port,
          second,
          [
            ofSecond.syn(
              'second-syn-carries-request',
              t('second.carries'),
              (p, _c, packets) =>
                carries(first.cookie(packets), p) && p.length === (first.connection(packets)?.data?.length ?? null),
            ),
            {
              ...ofSecond.synAck(
                'second-synack-acks-request',
                t('second.acks'),
                (p, c) => p.ack === (c.syn.seqEnd ?? -2) + 1,
              ),
              answer: t('choice.synAndData'),
            },
            ofSecond.serverRead('second-server-reads-request', t('second.reads')),
            once('second-active-counted', 'TcpExtTCPFastOpenActive', 'second'),
            once('second-passive-counted', 'TcpExtTCPFastOpenPassive', 'second'),
            ofSecond.marked('second-fastopen-mark', t('second.marked'), true),
          ],
          ofSecond.closes('second-closes', t('second.closes', { s: CLOSE_WITHIN_MS / 1000 }), CLOSE_WITHIN_MS),
        ),
      ),
      step(
        {
          title: t('stale.step'),
          predict: { question: t('stale.predict'), expectation: 'stale-synack-refuses-data', choices: acked() },
        },
        sysctl('net.ipv4.tcp_fastopen_key', ROTATED_KEY),
        mark('stale'),
        // No hold here: a held FIN that reaches a third timeout on a Fast Open connection is
        // counted as TCPFastOpenActiveFail too (the kernel suspects a black hole; blackhole.ts).
        ...stale.actions,
        ofStale.syn('stale-syn-carries-old-cookie', t('stale.old'), (p, _c, packets) =>
          carries(first.cookie(packets), p),
        ),
        {
          ...ofStale.synAck('stale-synack-refuses-data', t('stale.refuses'), (p, c, packets) => {
            const fresh = fastOpenCookie(p);
            return p.ack === (c.syn.seq ?? -2) + 1 && fresh !== null && fresh !== first.cookie(packets);
          }),
          answer: t('choice.synOnly'),
        },
        ofStale.data(
          'stale-request-resent',
          t('stale.resent', { ms: RESEND_WITHIN_MS }),
          (p, c) =>
            c.synAck !== null &&
            c.dataIndex > c.synAckIndex &&
            p.seq === (c.syn.seq ?? -2) + 1 &&
            p.length === c.syn.length &&
            p.tMs - c.synAck.tMs < RESEND_WITHIN_MS,
          'no resent request yet',
        ),
        once('stale-passive-fail', 'TcpExtTCPFastOpenPassiveFail', 'stale'),
        once('stale-active-fail', 'TcpExtTCPFastOpenActiveFail', 'stale'),
        expectCachedCookie('stale-new-cookie-cached', t('stale.newCached'), SERVER, stale.cookie),
      ),
      blackholeStep(input, held),
    ];
  },
});
