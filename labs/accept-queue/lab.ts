import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineLab, playing } from '../kit/lab.ts';
import { act, nft, start, step, waitFor } from '../kit/plan.ts';
import { expectRetriedSyn } from '../syn-flood/half-open.ts';
import { classifyClients, connectTime, dropOnArrival } from '../syn-flood/queue-labs.ts';
import { drainBurst } from './drain.ts';
import { gaveUpStep } from './gave-up.ts';
import { expectListenDropsAreOverflows } from './listen-drops.ts';
import { BACKLOG, HOLD_LATE_ACK, LATE, NEXT_SYN_WAIT_MS, overflowSteps, START_MS } from './overflow.ts';
import { somaxconnStep } from './somaxconn.ts';

export default defineLab({
  id: 'accept-queue',
  title: 'Accept queue: a stuck event loop never accepts',
  topic: 'handshake',
  seed: '003',
  summary:
    'While the server never calls accept(), the LISTEN Recv-Q climbs to backlog + 1; then new SYNs are dropped, and with tcp_abort_on_overflow=1 a late final ACK gets a RST.',
  needs: {
    nft: true,
    tcpdump: true,
    // net.core.somaxconn is not here: the lab runs without it (4096 in a new namespace), and
    // its one step that changes it is skipped where the namespace hides it (somaxconn.ts).
    sysctls: { 'net.ipv4.tcp_abort_on_overflow': 0, 'net.ipv4.tcp_syncookies': 1 },
  },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server', 'small server'),
    ...playing('client', 'client.ts', 'client', 'late client', 'new client', 'small-server clients', 'burst clients'),
  },
  exercises: [drainBurst],
  classify: classifyClients((address) => (address === LATE ? 'late client' : 'client')),
  // Kernel timers the run waits on: the late client's next ACKs (its hello resent with backoff
  // from 0.2 s, the server's SYN/ACK at 1, 3, 7 s: the first arrival overflows, the next is
  // reset), then the sixth client's SYN retries (1 s apart, or 1, 2, 4 s without linear
  // timeouts): the lab sees the first, and a later one gets in once the queue drains.
  floorMs: 2600,
  timeoutMs: 60_000,
  plan: (input) => {
    const { port, the } = input;
    return [
      step(
        `server listens on :${port} with backlog ${BACKLOG}, then its event loop gets stuck`,
        start('server', { env: { BACKLOG: String(BACKLOG) }, listening: true }),
        waitFor('server', /event loop stuck/),
        the.listener.queue(
          'listener-limit',
          { recvQ: ['==', 0], sendQ: ['==', BACKLOG] },
          {
            text: `the LISTEN line shows Recv-Q 0 (queue empty) and Send-Q ${BACKLOG} (its limit, min(backlog ${BACKLOG}, net.core.somaxconn))`,
          },
        ),
      ),
      step(
        `a late client (${LATE}) connects; nft holds back its final ACK`,
        nft(
          HOLD_LATE_ACK,
          dropOnArrival(`ip saddr ${LATE} tcp dport ${port} tcp flags & (syn | ack) == ack`),
          "hold back the late client's ACKs",
        ),
        start('late client', {
          env: { LOCAL_ADDRESS: LATE, NAME: 'late client' },
          until: /connected in/,
          timeoutMs: START_MS,
        }),
        the.client.is('late-client-established', 'ESTAB', {
          text: 'within 1 s, the late client is ESTAB: it got the SYN/ACK and sent its ACK',
        }),
        the.server.count('late-server-syn-recv', 'SYN-RECV', '==', 1, {
          text: 'within 1 s, the server side is SYN-RECV: that ACK never arrived, the handshake is not complete there',
        }),
      ),
      step(
        `${BACKLOG + 1} clients connect; nobody accepts them`,
        start('client', {
          env: { COUNT: String(BACKLOG + 1) },
          until: new RegExp(`client ${BACKLOG + 1}: connected`),
          timeoutMs: START_MS,
        }),
        the.listener.queue(
          'queue-full',
          { recvQ: ['==', BACKLOG + 1], sendQ: ['==', BACKLOG] },
          {
            within: 2000,
            text: `within 2 s, the LISTEN line shows Recv-Q ${BACKLOG + 1} = backlog + 1 and Send-Q ${BACKLOG}: the accept queue is full`,
          },
        ),
        the.server.count('queued-established', 'ESTAB', '==', BACKLOG + 1, {
          within: 0,
          text: `${BACKLOG + 1} server-side sockets are ESTAB with no process in ss -p: complete, queued, never accepted`,
        }),
      ),
      gaveUpStep(input),
      ...overflowSteps(input),
      somaxconnStep(input),
      step(
        "the new client's SYN was retried, not reset",
        expectRetriedSyn({
          id: 'new-syn-dropped',
          port,
          from: '127.0.0.1',
          minRetrans: 1,
          within: 3000,
          text: 'within 3 s, the new client is still SYN-SENT after a SYN retry: a full accept queue drops new SYNs, abort_on_overflow or not',
        }),
        the.counter('new-syn-overflow', 'TcpExtListenOverflows', '>=', 2, {
          since: 'syn-drop',
          within: 0,
          text: 'TcpExtListenOverflows grew by at least 2: its SYN and the retry',
        }),
        expectListenDropsAreOverflows('listen-drops-are-overflows', 'syn-drop'),
      ),
      step(
        'the event loop comes back: the queue drains',
        // The server's stall ends when this file exists (server.ts); the run's folder goes with the run.
        act('create the release file: the server leaves its synchronous call', (ctx) =>
          writeFileSync(path.join(ctx.runDir, `unstick-${port}`), ''),
        ),
        waitFor('server', /event loop free again/),
        the.listener.queue(
          'queue-drained',
          { recvQ: ['==', 0] },
          {
            within: 2000,
            text: 'within 2 s, the LISTEN Recv-Q is back to 0: Node accepted everything that waited',
          },
        ),
        waitFor('new client', /connected in/, NEXT_SYN_WAIT_MS),
        connectTime(
          the,
          'new-client-waited',
          'new client',
          `client ${BACKLOG + 2}'s connect()`,
          { minMs: 1000 },
          `client ${BACKLOG + 2}'s connect() took at least 1000 ms: it got in with a SYN retry after the queue drained`,
        ),
        the.output('all-accepted', 'server', new RegExp(`accepted #${BACKLOG + 2} `), {
          within: 2000,
          text: `within 2 s, the server has accepted ${BACKLOG + 2} connections: the ${BACKLOG + 1} that waited and the one that retried`,
        }),
      ),
    ];
  },
});
