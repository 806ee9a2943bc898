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

/**
 * curl closes the moment it has its answer. To look at the connection with `ss -tio`, hold
 * curl's FIN: an nft rule drops it on its way in, so the server end stays ESTAB and the client
 * end FIN-WAIT-1. Dropping the table lets the kernel's retransmission of the FIN through.
 */
function withFinHeld(port: number, fetch: Fetch, looks: Expectation[], closes: Expectation): StepItem[] {
  const rules = `chain input {\n  type filter hook input priority 0;\n  tcp dport ${port} tcp flags & fin == fin drop\n}`;
  const hold = nft(HOLD_FIN, rules, "drop curl's FIN, so both ends stay open");
  return [hold, ...fetch.actions, ...looks, dropNft(HOLD_FIN), closes];
}

export default defineLab({
  id: 'fast-open',
  title: 'TCP Fast Open: a cookie first, then data in the SYN',
  topic: 'handshake',
  seed: '003',
  summary:
    "curl's first connection asks for a cookie; its next SYN carries the cookie and the whole request, which the SYN/ACK acknowledges; a rotated server key makes the kernel refuse the data and resend it.",
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
        `tcp_fastopen=${FAST_OPEN_EVERY_LISTENER} (0x400: every listener); a server listens on :${port}`,
        sysctl('net.ipv4.tcp_fastopen', FAST_OPEN_EVERY_LISTENER),
        start('server', { listening: true }),
        expectBlackholeDefault(),
      ),
      step(
        'first connection: the SYN asks for a cookie, the SYN/ACK grants one',
        mark('first'),
        ...withFinHeld(
          port,
          first,
          [
            ofFirst.syn(
              'first-syn-asks-cookie',
              'the SYN carries tfo cookiereq and no data: the client holds no cookie for this server yet',
              asksCookie,
            ),
            ofFirst.synAck(
              'first-synack-grants-cookie',
              'the SYN/ACK carries tfo cookie <hex>: the server computed a cookie for this client address',
              (p) => fastOpenCookie(p) !== null,
            ),
            ofFirst.data(
              'first-request-waits',
              'the request leaves only after the SYN/ACK came back, at seq ISN+1: one round trip spent before any data',
              (p, c) => c.synAck !== null && c.dataIndex > c.synAckIndex && p.seq === (c.syn.seq ?? -2) + 1,
            ),
            once('first-cookie-request-counted', 'TcpExtTCPFastOpenCookieReqd', 'first'),
            ofFirst.marked(
              'first-no-fastopen-mark',
              "with curl's FIN held, ss -tio shows both ends without the fastopen mark: no data rode in this SYN",
              false,
            ),
            expectCachedCookie(
              'first-cookie-cached',
              `the client's kernel cached the cookie from the SYN/ACK (ip tcp_metrics show ${SERVER}: fo_cookie)`,
              SERVER,
              first.cookie,
            ),
          ],
          ofFirst.closes(
            'first-closes',
            `within ${CLOSE_WITHIN_MS / 1000} s of letting the FIN through (it is resent after ≥ 200 ms), the client end is TIME-WAIT`,
            CLOSE_WITHIN_MS,
          ),
        ),
      ),
      step(
        'second connection: the SYN carries the cookie and the request',
        mark('second'),
        ...withFinHeld(
          port,
          second,
          [
            ofSecond.syn(
              'second-syn-carries-request',
              'the SYN carries the cached cookie and the whole request (seq a:b, the same bytes connection 1 sent after its handshake)',
              (p, _c, packets) =>
                carries(first.cookie(packets), p) && p.length === (first.connection(packets)?.data?.length ?? null),
            ),
            ofSecond.synAck(
              'second-synack-acks-request',
              'the SYN/ACK acknowledges the SYN and the request (ack = ISN + 1 + length): the server took the data before the handshake finished',
              (p, c) => p.ack === (c.syn.seqEnd ?? -2) + 1,
            ),
            ofSecond.serverRead('second-server-reads-request', 'the Node server read the request like any other'),
            once('second-active-counted', 'TcpExtTCPFastOpenActive', 'second'),
            once('second-passive-counted', 'TcpExtTCPFastOpenPassive', 'second'),
            ofSecond.marked(
              'second-fastopen-mark',
              "with curl's FIN held, ss -tio marks both ends fastopen: the SYN's data was accepted",
              true,
            ),
          ],
          ofSecond.closes(
            'second-closes',
            `within ${CLOSE_WITHIN_MS / 1000} s of letting the FIN through, the client end is TIME-WAIT`,
            CLOSE_WITHIN_MS,
          ),
        ),
      ),
      step(
        'the server rotates its key: the old cookie is refused and the request resent',
        sysctl('net.ipv4.tcp_fastopen_key', ROTATED_KEY),
        mark('stale'),
        // No hold here: a held FIN that reaches a third timeout on a Fast Open connection is
        // counted as TCPFastOpenActiveFail too (the kernel suspects a black hole; blackhole.ts).
        ...stale.actions,
        ofStale.syn(
          'stale-syn-carries-old-cookie',
          'the SYN carries the now stale cookie and the request, as before',
          (p, _c, packets) => carries(first.cookie(packets), p),
        ),
        ofStale.synAck(
          'stale-synack-refuses-data',
          'the SYN/ACK acknowledges only the SYN (ack = ISN + 1) and carries a new cookie: the data in the SYN was dropped',
          (p, c, packets) => {
            const fresh = fastOpenCookie(p);
            return p.ack === (c.syn.seq ?? -2) + 1 && fresh !== null && fresh !== first.cookie(packets);
          },
        ),
        ofStale.data(
          'stale-request-resent',
          `the client sends the same request again from seq ISN+1 within ${RESEND_WITHIN_MS} ms of the SYN/ACK: at once, not after a retransmission timeout (≥ 200 ms)`,
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
        expectCachedCookie(
          'stale-new-cookie-cached',
          'the client replaced its cached cookie with the new one from the SYN/ACK',
          SERVER,
          stale.cookie,
        ),
      ),
      blackholeStep(input, held),
    ];
  },
});
