import { type Attempt, expectCounter, expectOutput } from '../../checker/expect.ts';
import { fastOpenCookie, fastOpenOption, type Packet } from '../../checker/packets.ts';
import { classifyByPort } from '../../checker/timeline.ts';
import { LabError } from '../kit/errors.ts';
import { type Capture, defineLab, type LabContext } from '../kit/lab.ts';
import { findTool } from '../kit/tools.ts';
import { type Connection, connectionOf, describeSegment, isSyn } from './connection.ts';
import { expectCachedCookie, expectCaptured, expectClientTimeWait, expectFastOpenFlag } from './expectations.ts';

/** The seed's "3: client and server". */
const SEED_FAST_OPEN = 3;
/** 0x1 client + 0x2 server + 0x400: every listener, without setsockopt(TCP_FASTOPEN). */
const FAST_OPEN_EVERY_LISTENER = '0x403';
/** The server's new cookie key for the last part (any 128-bit value). */
const ROTATED_KEY = '00000000-00000000-00000000-00000001';
const SERVER = '127.0.0.1';
/**
 * The first part's server address. The client's cookie cache is per server address, and it
 * remembers an address that ignored its cookie request (its next SYN there would try the old
 * experimental option, exp-tfo); a separate address keeps that memory away from 127.0.0.1.
 */
const PLAIN_SERVER = '127.0.0.2';
/** The refused request is resent as soon as the SYN/ACK arrives; an RTO would take ≥ 200 ms. */
const RESEND_WITHIN_MS = 100;
/** A held FIN is resent after the retransmission timeout (at least 200 ms, doubling). */
const CLOSE_WITHIN_MS = 5000;

function synCommand(port: number): string[] {
  return ['tcpdump', '-i', 'lo', '-n', '-S', `tcp port ${port} and tcp[tcpflags] & tcp-syn != 0`];
}

function portCommand(port: number): string[] {
  return ['tcpdump', '-i', 'lo', '-n', '-S', `tcp port ${port}`];
}

/** Judge one segment of a connection, or say which one is missing. */
function judgeSegment(packet: Packet | null | undefined, missing: string, ok: (p: Packet) => boolean): Attempt {
  if (!packet) return { ok: false, observed: missing };
  return { ok: ok(packet), observed: describeSegment(packet) };
}

/** One curl run, and where its connection starts in the capture. */
interface Fetch {
  clientPort: number;
  connection(): Connection;
}

interface FetchSpec {
  serverPort: number;
  path: string;
  curl: string;
  serverAddress?: string;
}

async function fetchOnce(ctx: LabContext, capture: Capture, spec: FetchSpec): Promise<Fetch> {
  const { serverPort } = spec;
  const from = capture.packets.length;
  const env = {
    PORT: String(serverPort),
    SERVER_ADDRESS: spec.serverAddress ?? SERVER,
    REQUEST_PATH: spec.path,
    CURL: spec.curl,
  };
  const client = ctx.start('client', { env });
  await ctx.waitOutput(client, /^client: GET/, 10_000);
  const syn = await capture.waitFor(
    (p) => isSyn(p) && p.dst.port === serverPort && capture.packets.indexOf(p) >= from,
    5000,
  );
  if (!syn) throw new LabError(`curl got its answer, but tcpdump saw no SYN to :${serverPort}`);
  return {
    clientPort: syn.src.port,
    connection: () => connectionOf(capture.packets, syn),
  };
}

/**
 * curl closes the moment it has its answer. To look at the connection with `ss -tio`, hold
 * curl's FIN: an nft rule drops it on its way in, so the server end stays ESTAB and the client
 * end FIN-WAIT-1. Lifting the rule lets the kernel's retransmission of the FIN through.
 */
function holdClientFin(ctx: LabContext, port: number): Promise<() => Promise<void>> {
  return ctx.nft(`
    chain input {
      type filter hook input priority 0;
      tcp dport ${port} tcp flags & fin == fin drop
    }`);
}

export default defineLab({
  id: 'fast-open',
  title: 'TCP Fast Open: a cookie first, then data in the SYN',
  topic: 'handshake',
  seed: '003',
  summary:
    "curl's first connection asks for a cookie; its next SYN carries the cookie and the whole request, which the SYN/ACK acknowledges; a rotated server key makes the kernel refuse the data and resend it.",
  needs: {
    sysctls: {
      'net.ipv4.tcp_fastopen': SEED_FAST_OPEN,
      // Holding a Fast Open connection's FIN looks like a middlebox black hole to the kernel;
      // with a non-zero value (older kernels' default: 3600) it would switch Fast Open off.
      'net.ipv4.tcp_fastopen_blackhole_timeout_sec': 0,
    },
    nft: true,
    tcpdump: true,
    tools: ['curl'],
  },
  port: 8818,
  programs: { server: 'server.ts', client: 'client.ts' },
  // The first part runs a second server on the next port.
  classify: (port) => classifyByPort([port, port + 1]),
  // The only kernel timers waited on: two held FINs, each resent after the minimum
  // retransmission timeout (200 ms on Linux).
  floorMs: 400,
  timeoutMs: 30_000,
  async run(ctx) {
    const port = ctx.port;
    const plainPort = port + 1;
    const curl = findTool('curl') ?? 'curl';

    const capture = await ctx.step(
      `with the seed's tcp_fastopen=${SEED_FAST_OPEN}, a Node server listens on :${plainPort}`,
      async () => {
        const capture = await ctx.capture(['tcp', 'portrange', `${port}-${plainPort}`]);
        // It listens on every address so that curl can reach it at 127.0.0.2.
        const server = ctx.start('server', { env: { PORT: String(plainPort), LISTEN_ADDRESS: '0.0.0.0' } });
        await ctx.waitListening(server, plainPort);
        return capture;
      },
    );

    await ctx.step(`curl asks ${PLAIN_SERVER}:${plainPort} for a cookie; the SYN/ACK brings none`, async () => {
      await ctx.mark('plain');
      const plain = await fetchOnce(ctx, capture, {
        serverPort: plainPort,
        serverAddress: PLAIN_SERVER,
        path: '/plain',
        curl,
      });
      await ctx.expect(
        expectCaptured({
          id: 'plain-syn-asks-cookie',
          text: "curl's SYN carries an empty Fast Open option (tfo cookiereq) and no data",
          command: synCommand(plainPort),
          judge: () =>
            judgeSegment(
              plain.connection().syn,
              'no SYN',
              (p) => fastOpenOption(p)?.kind === 'cookie-request' && p.length === 0,
            ),
        }),
      );
      await ctx.expect(
        expectCaptured({
          id: 'plain-synack-no-cookie',
          text: "the SYN/ACK carries no Fast Open option: a listener that never set TCP_FASTOPEN has no Fast Open queue, whatever '2' in the sysctl says",
          command: synCommand(plainPort),
          judge: () => judgeSegment(plain.connection().synAck, 'no SYN/ACK yet', (p) => fastOpenOption(p) === null),
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'plain-request-counted',
          name: 'TcpExtTCPFastOpenCookieReqd',
          op: '==',
          n: 1,
          since: 'plain',
          text: 'TcpExtTCPFastOpenCookieReqd grew by exactly 1: the kernel counted a cookie request this listener could not answer',
        }),
      );
      await ctx.expect(
        expectCachedCookie({
          id: 'plain-nothing-cached',
          text: `the client's cache for ${PLAIN_SERVER} holds no cookie (ip tcp_metrics: no fo_cookie)`,
          address: PLAIN_SERVER,
          run: (argv) => ctx.sh(argv),
          want: () => 'none',
        }),
      );
    });

    await ctx.step(
      `tcp_fastopen=${FAST_OPEN_EVERY_LISTENER} (0x400: every listener); a server listens on :${port}`,
      async () => {
        await ctx.sysctl('net.ipv4.tcp_fastopen', FAST_OPEN_EVERY_LISTENER);
        const server = ctx.start('server');
        await ctx.waitListening(server);
      },
    );

    const grantedCookie = await ctx.step(
      'first connection: the SYN asks for a cookie, the SYN/ACK grants one',
      async () => {
        await ctx.mark('first');
        const release = await holdClientFin(ctx, port);
        const first = await fetchOnce(ctx, capture, { serverPort: port, path: '/first', curl });
        await ctx.expect(
          expectCaptured({
            id: 'first-syn-asks-cookie',
            text: 'the SYN carries tfo cookiereq and no data: the client holds no cookie for this server yet',
            command: synCommand(port),
            judge: () =>
              judgeSegment(
                first.connection().syn,
                'no SYN',
                (p) => fastOpenOption(p)?.kind === 'cookie-request' && p.length === 0,
              ),
          }),
        );
        await ctx.expect(
          expectCaptured({
            id: 'first-synack-grants-cookie',
            text: 'the SYN/ACK carries tfo cookie <hex>: the server computed a cookie for this client address',
            command: synCommand(port),
            judge: () => judgeSegment(first.connection().synAck, 'no SYN/ACK yet', (p) => fastOpenCookie(p) !== null),
          }),
        );
        await ctx.expect(
          expectCaptured({
            id: 'first-request-waits',
            text: 'the request leaves only after the SYN/ACK came back, at seq ISN+1: one round trip spent before any data',
            command: portCommand(port),
            judge: () => {
              const c = first.connection();
              return judgeSegment(
                c.data,
                'no request segment yet',
                (p) => c.synAck !== null && c.dataIndex > c.synAckIndex && p.seq === (c.syn.seq ?? -2) + 1,
              );
            },
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'first-cookie-request-counted',
            name: 'TcpExtTCPFastOpenCookieReqd',
            op: '==',
            n: 1,
            since: 'first',
          }),
        );
        await ctx.expect(
          expectFastOpenFlag({
            id: 'first-no-fastopen-mark',
            text: "with curl's FIN held, ss -tio shows both ends without the fastopen mark: no data rode in this SYN",
            port,
            clientPort: first.clientPort,
            flagged: false,
          }),
        );
        const cookie = fastOpenCookie(first.connection().synAck ?? { options: [] });
        await ctx.expect(
          expectCachedCookie({
            id: 'first-cookie-cached',
            text: `the client's kernel cached the cookie from the SYN/ACK (ip tcp_metrics show ${SERVER}: fo_cookie)`,
            address: SERVER,
            run: (argv) => ctx.sh(argv),
            want: () => cookie,
          }),
        );
        await release();
        await ctx.expect(
          expectClientTimeWait({
            id: 'first-closes',
            text: `within ${CLOSE_WITHIN_MS / 1000} s of letting the FIN through (it is resent after ≥ 200 ms), the client end is TIME-WAIT`,
            clientPort: first.clientPort,
            within: CLOSE_WITHIN_MS,
          }),
        );
        return { cookie, requestBytes: first.connection().data?.length ?? null };
      },
    );

    await ctx.step('second connection: the SYN carries the cookie and the request', async () => {
      await ctx.mark('second');
      const release = await holdClientFin(ctx, port);
      const second = await fetchOnce(ctx, capture, { serverPort: port, path: '/again', curl });
      const { cookie, requestBytes } = grantedCookie;
      await ctx.expect(
        expectCaptured({
          id: 'second-syn-carries-request',
          text: `the SYN carries the cached cookie and the whole request (seq a:b, the same ${requestBytes ?? '?'} bytes connection 1 sent after its handshake)`,
          command: synCommand(port),
          judge: () =>
            judgeSegment(
              second.connection().syn,
              'no SYN',
              (p) => cookie !== null && fastOpenCookie(p) === cookie && p.length > 0 && p.length === requestBytes,
            ),
        }),
      );
      await ctx.expect(
        expectCaptured({
          id: 'second-synack-acks-request',
          text: 'the SYN/ACK acknowledges the SYN and the request (ack = ISN + 1 + length): the server took the data before the handshake finished',
          command: synCommand(port),
          judge: () => {
            const c = second.connection();
            return judgeSegment(c.synAck, 'no SYN/ACK yet', (p) => p.ack === (c.syn.seqEnd ?? -2) + 1);
          },
        }),
      );
      await ctx.expect(
        expectOutput({
          id: 'second-server-reads-request',
          role: 'server',
          pattern: new RegExp(`GET /again from port ${second.clientPort}$`),
          text: 'the Node server read the request like any other',
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'second-active-counted',
          name: 'TcpExtTCPFastOpenActive',
          op: '==',
          n: 1,
          since: 'second',
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'second-passive-counted',
          name: 'TcpExtTCPFastOpenPassive',
          op: '==',
          n: 1,
          since: 'second',
        }),
      );
      await ctx.expect(
        expectFastOpenFlag({
          id: 'second-fastopen-mark',
          text: "with curl's FIN held, ss -tio marks both ends fastopen: the SYN's data was accepted",
          port,
          clientPort: second.clientPort,
          flagged: true,
        }),
      );
      await release();
      await ctx.expect(
        expectClientTimeWait({
          id: 'second-closes',
          text: `within ${CLOSE_WITHIN_MS / 1000} s of letting the FIN through, the client end is TIME-WAIT`,
          clientPort: second.clientPort,
          within: CLOSE_WITHIN_MS,
        }),
      );
    });

    await ctx.step('the server rotates its key: the old cookie is refused and the request resent', async () => {
      await ctx.sysctl('net.ipv4.tcp_fastopen_key', ROTATED_KEY);
      await ctx.mark('stale');
      // No hold here: a held FIN that times out twice on a Fast Open connection is counted
      // as TCPFastOpenActiveFail too (the kernel suspects a middlebox black hole).
      const stale = await fetchOnce(ctx, capture, { serverPort: port, path: '/stale', curl });
      const { cookie } = grantedCookie;
      await ctx.expect(
        expectCaptured({
          id: 'stale-syn-carries-old-cookie',
          text: 'the SYN carries the now stale cookie and the request, as before',
          command: synCommand(port),
          judge: () =>
            judgeSegment(
              stale.connection().syn,
              'no SYN',
              (p) => cookie !== null && fastOpenCookie(p) === cookie && p.length > 0,
            ),
        }),
      );
      await ctx.expect(
        expectCaptured({
          id: 'stale-synack-refuses-data',
          text: 'the SYN/ACK acknowledges only the SYN (ack = ISN + 1) and carries a new cookie: the data in the SYN was dropped',
          command: synCommand(port),
          judge: () => {
            const c = stale.connection();
            return judgeSegment(c.synAck, 'no SYN/ACK yet', (p) => {
              const fresh = fastOpenCookie(p);
              return p.ack === (c.syn.seq ?? -2) + 1 && fresh !== null && fresh !== cookie;
            });
          },
        }),
      );
      await ctx.expect(
        expectCaptured({
          id: 'stale-request-resent',
          text: `the client sends the same request again from seq ISN+1 within ${RESEND_WITHIN_MS} ms of the SYN/ACK: at once, not after a retransmission timeout (≥ 200 ms)`,
          command: portCommand(port),
          judge: () => {
            const c = stale.connection();
            return judgeSegment(
              c.data,
              'no resent request yet',
              (p) =>
                c.synAck !== null &&
                c.dataIndex > c.synAckIndex &&
                p.seq === (c.syn.seq ?? -2) + 1 &&
                p.length === c.syn.length &&
                p.tMs - c.synAck.tMs < RESEND_WITHIN_MS,
            );
          },
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'stale-passive-fail',
          name: 'TcpExtTCPFastOpenPassiveFail',
          op: '==',
          n: 1,
          since: 'stale',
        }),
      );
      await ctx.expect(
        expectCounter({ id: 'stale-active-fail', name: 'TcpExtTCPFastOpenActiveFail', op: '==', n: 1, since: 'stale' }),
      );
      const fresh = fastOpenCookie(stale.connection().synAck ?? { options: [] });
      await ctx.expect(
        expectCachedCookie({
          id: 'stale-new-cookie-cached',
          text: 'the client replaced its cached cookie with the new one from the SYN/ACK',
          address: SERVER,
          run: (argv) => ctx.sh(argv),
          want: () => fresh,
        }),
      );
    });
    await capture.stop();
  },
});
