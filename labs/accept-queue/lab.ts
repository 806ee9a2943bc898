import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  expectCount,
  expectCounter,
  expectDuration,
  expectListenerQueue,
  expectOutput,
  expectState,
} from '../../checker/expect.ts';
import type { Classify } from '../../checker/timeline.ts';
import { defineLab } from '../kit/lab.ts';
import { connectMs } from '../syn-flood/connect-time.ts';
import { expectRetriedSyn } from '../syn-flood/half-open.ts';

const BACKLOG = 4;
const SMALL_SOMAXCONN = 2;
/** The client whose final ACK the lab holds back comes from its own address. */
const LATE = '127.0.0.3';

function classifyQueue(port: number): Classify {
  const ports = [port, port + 1];
  return (row) => {
    if (row.state === 'LISTEN') return 'listener';
    if (ports.includes(row.local.port)) return 'server';
    if (ports.includes(row.peer.port)) return row.local.address === LATE ? 'late client' : 'client';
    return 'other';
  };
}

export default defineLab({
  id: 'accept-queue',
  title: 'Accept queue: a stuck event loop never accepts',
  topic: 'handshake',
  seed: '003',
  summary:
    'While the server never calls accept(), the LISTEN Recv-Q climbs to backlog + 1; then new SYNs are dropped, and with tcp_abort_on_overflow=1 a late final ACK gets a RST.',
  needs: {
    nft: true,
    sysctls: { 'net.core.somaxconn': 4096, 'net.ipv4.tcp_abort_on_overflow': 0, 'net.ipv4.tcp_syncookies': 1 },
  },
  port: 8818,
  programs: { server: 'server.ts', client: 'client.ts' },
  classify: classifyQueue,
  // Kernel timers the run waits on: the late client's hello resent after 0.2 s and 0.6 s (the
  // first arrival overflows, the next is reset), then the sixth client's SYN retries, 1 s
  // apart: the lab sees the first, and the one after it gets in once the queue drains.
  floorMs: 2600,
  timeoutMs: 30_000,
  async run(ctx) {
    const port = ctx.port;
    const smallPort = port + 1;
    // The server's stall ends when the lab creates this file (see server.ts).
    const releaseDir = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-accept-queue-'));
    const releaseFile = path.join(releaseDir, 'release');
    try {
      const server = await ctx.step(
        `server listens on :${port} with backlog ${BACKLOG}, then its event loop gets stuck`,
        async () => {
          const server = ctx.start('server', { env: { BACKLOG: String(BACKLOG), RELEASE_FILE: releaseFile } });
          await ctx.waitListening(server);
          await ctx.waitOutput(server, /event loop stuck/);
          await ctx.expect(
            expectListenerQueue({
              id: 'listener-limit',
              port,
              recvQ: ['==', 0],
              sendQ: ['==', BACKLOG],
              text: `the LISTEN line shows Recv-Q 0 (queue empty) and Send-Q ${BACKLOG} (its limit, min(backlog ${BACKLOG}, somaxconn 4096))`,
            }),
          );
          return server;
        },
      );

      // The packet view (when tcpdump is there): the late ACK, the RST, the retried SYNs.
      await ctx.capture(['tcp', 'port', String(port)]);

      const releaseAck = await ctx.nft(`
        chain input {
          type filter hook input priority 0;
          ip saddr ${LATE} tcp dport ${port} tcp flags & (syn | ack) == ack drop
        }`);

      const late = await ctx.step(`a late client (${LATE}) connects; nft holds back its final ACK`, async () => {
        const late = ctx.start('late client', {
          program: 'client.ts',
          env: { LOCAL_ADDRESS: LATE, NAME: 'late client' },
        });
        await ctx.waitOutput(late, /connected in/);
        await ctx.expect(
          expectState({
            id: 'late-client-established',
            side: 'client',
            port,
            state: 'ESTAB',
            text: `within 1 s, the late client is ESTAB: it got the SYN/ACK and sent its ACK`,
          }),
        );
        await ctx.expect(
          expectCount({
            id: 'late-server-syn-recv',
            side: 'server',
            port,
            state: 'SYN-RECV',
            op: '==',
            n: 1,
            text: 'within 1 s, the server side is SYN-RECV: that ACK never arrived, the handshake is not complete there',
          }),
        );
        return late;
      });

      await ctx.step(`${BACKLOG + 1} clients connect; nobody accepts them`, async () => {
        const clients = ctx.start('client', { env: { COUNT: String(BACKLOG + 1) } });
        await ctx.waitOutput(clients, new RegExp(`client ${BACKLOG + 1}: connected`));
        await ctx.expect(
          expectListenerQueue({
            id: 'queue-full',
            port,
            recvQ: ['==', BACKLOG + 1],
            sendQ: ['==', BACKLOG],
            within: 2000,
            text: `within 2 s, the LISTEN line shows Recv-Q ${BACKLOG + 1} = backlog + 1 and Send-Q ${BACKLOG}: the accept queue is full`,
          }),
        );
        await ctx.expect(
          expectCount({
            id: 'queued-established',
            side: 'server',
            port,
            state: 'ESTAB',
            op: '==',
            n: BACKLOG + 1,
            within: 0,
            text: `${BACKLOG + 1} server-side sockets are ESTAB with no process in ss -p: complete, queued, never accepted`,
          }),
        );
      });

      await ctx.step(
        'nft lets the late ACK through; it arrives into the full queue (tcp_abort_on_overflow=0)',
        async () => {
          await ctx.mark('overflow');
          await releaseAck();
          ctx.note(
            "the late client's next ACK (a retransmitted hello, or the answer to a resent SYN/ACK) reaches the server",
          );
          await ctx.expect(
            expectCounter({
              id: 'late-ack-overflow',
              name: 'TcpExtListenOverflows',
              op: '>=',
              n: 1,
              since: 'overflow',
              within: 5000,
              text: 'within 5 s, TcpExtListenOverflows grew: the handshake finished but the full queue had no room for it (the client resends its hello with backoff from 0.2 s, the server its SYN/ACK at 1, 3, 7 s)',
            }),
          );
          await ctx.expect(
            expectCount({
              id: 'late-still-syn-recv',
              side: 'server',
              port,
              state: 'SYN-RECV',
              op: '==',
              n: 1,
              within: 0,
              text: 'the server dropped that ACK and kept the request in SYN-RECV; the client still believes it is connected',
            }),
          );
        },
      );

      await ctx.step('tcp_abort_on_overflow=1: the next late ACK is answered with a RST', async () => {
        await ctx.mark('abort');
        await ctx.sysctl('net.ipv4.tcp_abort_on_overflow', 1);
        await ctx.waitOutput(late, /ECONNRESET/, 8000);
        await ctx.expect(
          expectOutput({
            id: 'late-reset',
            role: 'late client',
            pattern: /ECONNRESET/,
            text: 'the late client gets ECONNRESET: its connection was "established" for it, never for the server',
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'late-embryonic-reset',
            name: 'TcpExtEmbryonicRsts',
            op: '>=',
            n: 1,
            since: 'abort',
            text: 'within 1 s, TcpExtEmbryonicRsts grew: the kernel reset a connection still in SYN-RECV',
          }),
        );
        await ctx.expect(
          expectCount({
            id: 'late-request-gone',
            side: 'server',
            port,
            state: 'SYN-RECV',
            op: '==',
            n: 0,
            text: 'within 1 s, no server-side SYN-RECV is left: the request was dropped with the RST',
          }),
        );
      });

      const sixth = await ctx.step('another client connects to the full queue', async () => {
        await ctx.mark('syn-drop');
        const sixth = ctx.start('client', { env: { NAME: `client ${BACKLOG + 2}` } });
        await ctx.expect(
          expectCount({
            id: 'new-client-syn-sent',
            side: 'client',
            port,
            state: 'SYN-SENT',
            op: '==',
            n: 1,
            within: 2000,
            text: 'within 2 s, the new client is SYN-SENT: no SYN/ACK came back',
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'new-syn-first-overflow',
            name: 'TcpExtListenOverflows',
            op: '>=',
            n: 1,
            since: 'syn-drop',
            text: 'within 1 s, TcpExtListenOverflows grew: its SYN found the accept queue full and was dropped',
          }),
        );
        return sixth;
      });

      await ctx.step(
        `meanwhile, somaxconn=${SMALL_SOMAXCONN}: a new listener on :${smallPort} asks for ${BACKLOG} and gets ${SMALL_SOMAXCONN}`,
        async () => {
          await ctx.sysctl('net.core.somaxconn', SMALL_SOMAXCONN);
          await ctx.expect(
            expectListenerQueue({
              id: 'somaxconn-at-listen-time',
              port,
              sendQ: ['==', BACKLOG],
              within: 0,
              text: `the listener on :${port} still shows Send-Q ${BACKLOG}: the cap is applied when listen() is called`,
            }),
          );
          const small = ctx.start('server', {
            env: { PORT: String(smallPort), BACKLOG: String(BACKLOG), RELEASE_FILE: `${releaseFile}-never` },
          });
          await ctx.waitListening(small, smallPort);
          await ctx.waitOutput(small, /event loop stuck/);
          await ctx.expect(
            expectListenerQueue({
              id: 'somaxconn-limit',
              port: smallPort,
              sendQ: ['==', SMALL_SOMAXCONN],
              text: `the listener on :${smallPort} shows Send-Q ${SMALL_SOMAXCONN} = min(backlog ${BACKLOG}, somaxconn ${SMALL_SOMAXCONN})`,
            }),
          );
          const clients = ctx.start('client', {
            env: { PORT: String(smallPort), COUNT: String(SMALL_SOMAXCONN + 1) },
          });
          await ctx.waitOutput(clients, new RegExp(`client ${SMALL_SOMAXCONN + 1}: connected`));
          await ctx.expect(
            expectListenerQueue({
              id: 'somaxconn-full',
              port: smallPort,
              recvQ: ['==', SMALL_SOMAXCONN + 1],
              within: 2000,
              text: `within 2 s, its Recv-Q is ${SMALL_SOMAXCONN + 1} = min(backlog, somaxconn) + 1`,
            }),
          );
        },
      );
      await ctx.step("the new client's SYN was retried, not reset", async () => {
        await ctx.expect(
          expectRetriedSyn({
            id: 'new-syn-dropped',
            port,
            from: '127.0.0.1',
            minRetrans: 1,
            within: 3000,
            text: 'within 3 s, the new client is still SYN-SENT after a SYN retry: a full accept queue drops new SYNs, abort_on_overflow or not',
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'new-syn-overflow',
            name: 'TcpExtListenOverflows',
            op: '>=',
            n: 2,
            since: 'syn-drop',
            within: 0,
            text: 'TcpExtListenOverflows grew by at least 2: its SYN and the retry',
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'new-syn-listen-drops',
            name: 'TcpExtListenDrops',
            op: '>=',
            n: 2,
            since: 'syn-drop',
            within: 0,
            text: 'TcpExtListenDrops grew by at least 2: every overflow is also a listen drop',
          }),
        );
      });

      await ctx.step('the event loop comes back: the queue drains', async () => {
        writeFileSync(releaseFile, '');
        await ctx.waitOutput(server, /event loop free again/);
        await ctx.expect(
          expectListenerQueue({
            id: 'queue-drained',
            port,
            recvQ: ['==', 0],
            within: 2000,
            text: 'within 2 s, the LISTEN Recv-Q is back to 0: Node accepted everything that waited',
          }),
        );
        await ctx.waitOutput(sixth, /connected in/, 5000);
        await ctx.expect(
          expectDuration({
            id: 'new-client-waited',
            label: `client ${BACKLOG + 2}'s connect()`,
            measure: () => connectMs(sixth),
            minMs: 1000,
            text: `client ${BACKLOG + 2}'s connect() took at least 1000 ms: it got in with a SYN retry after the queue drained`,
          }),
        );
        await ctx.expect(
          expectOutput({
            id: 'all-accepted',
            role: 'server',
            pattern: new RegExp(`accepted #${BACKLOG + 2} `),
            within: 2000,
            text: `within 2 s, the server has accepted ${BACKLOG + 2} connections: the ${BACKLOG + 1} that waited and the one that retried`,
          }),
        );
      });
    } finally {
      rmSync(releaseDir, { recursive: true, force: true });
    }
  },
});
