import { defineLab, playing } from '../kit/lab.ts';
import { mark, nft, note, start, step, sysctl, waitCapture } from '../kit/plan.ts';
import { cookieSteps } from './cookies.ts';
import {
  BACKLOG,
  expectSysctl,
  FLOOD_SYNS,
  flood,
  LEGIT,
  MAX_SYN_BACKLOG,
  MOST_QUEUED,
  NEXT_SYN_MS,
  QUIET_BACKLOG,
  SETTINGS,
  SYNACK_RETRIES,
  SYNCOOKIES,
} from './flood.ts';
import { expectHalfOpenAsBefore, expectRetriedSyn, expectSynQueueCap } from './half-open.ts';
import { classifyClients, dropOnArrival } from './queue-labs.ts';
import { explainSynQueueCap } from './syn-queue.ts';
import { synsBeforeAnswer } from './syns.ts';

export default defineLab({
  id: 'syn-flood',
  title: 'SYN flood: a full SYN queue, and SYN cookies',
  topic: 'handshake',
  seed: '001',
  summary:
    'Half-open connections from many addresses fill a SYN queue of min(backlog, somaxconn) + 1 (or + 0 on kernels before the 2025 change); without cookies a real client waits through SYN retries, with cookies it connects in milliseconds, and a cookie carries its options in the timestamp or loses them.',
  needs: {
    nft: true,
    tcpdump: true,
    // tcp_syncookies is left at the kernel's default: the run reads it, then turns it off.
    // net.core.somaxconn is left alone too (4096 in a new namespace, and hidden from an
    // unprivileged one before Linux 6.3): the LISTEN line's Send-Q shows it is above the backlog.
    sysctls: { 'net.ipv4.tcp_max_syn_backlog': MAX_SYN_BACKLOG, 'net.ipv4.tcp_synack_retries': SYNACK_RETRIES },
  },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server', 'quiet server'),
    ...playing(
      'attacker',
      'attacker.ts',
      'attacker',
      'refill attacker',
      'cookie-wave attacker',
      'small-queue attacker',
    ),
    ...playing('client', 'client.ts', 'client', 'second client', 'quiet-port client', 'ts client', 'no-ts client'),
  },
  // Attackers dial from 127.0.0.2 and up; the legitimate clients from 127.0.0.1.
  classify: classifyClients((address) => (address === LEGIT ? 'client' : 'attacker')),
  // The stalled client waits for its SYN retries, 1 s apart (tcp_syn_linear_timeouts).
  floorMs: 2000,
  timeoutMs: 60_000,
  plan: (input) => {
    const { port, the } = input;
    const quietPort = port + 1;
    const queue = expectSynQueueCap({
      id: 'syn-recv-capped',
      port,
      syns: FLOOD_SYNS,
      settings: SETTINGS,
      since: 'flood',
      within: 2000,
      text: `within 2 s the flood settles: every SYN is either queued, one SYN-RECV per attacker address (seed 001's sign of a flood), or counted in TcpExtTCPReqQFullDrop; the queue holds ${BACKLOG + 1} = limit ${BACKLOG} + 1 on kernels with the 2025 change (6.1.192 has it), ${BACKLOG} before it, and the count says which rule this kernel has`,
    });
    return [
      step(
        'a new network namespace has SYN cookies on; the lab turns them off',
        expectSysctl(
          'syncookies-default',
          SYNCOOKIES,
          '1',
          "the kernel's default is tcp_syncookies = 1 (seeds 001 and 004 say 0): cookies when the SYN queue is full",
        ),
        sysctl(SYNCOOKIES, 0),
      ),
      step(
        `two servers: :${port} (backlog ${BACKLOG}) will be flooded, :${quietPort} (backlog ${QUIET_BACKLOG}) stays quiet`,
        start('server', { env: { BACKLOG: String(BACKLOG) }, listening: true }),
        start('quiet server', {
          env: { PORT: String(quietPort), BACKLOG: String(QUIET_BACKLOG) },
          listening: quietPort,
        }),
        the.listener.queue(
          'listener-limit',
          { sendQ: ['==', BACKLOG] },
          {
            text: `the listener's Send-Q shows its limit, ${BACKLOG} = min(backlog ${BACKLOG}, net.core.somaxconn): somaxconn is larger here`,
          },
        ),
      ),
      step(
        `nft drops the SYN/ACKs the server sends to anyone but ${LEGIT}`,
        // A spoofed flood's SYN/ACKs leave fine and vanish on the network, like these.
        nft(
          'lost-synacks',
          dropOnArrival(
            `ip daddr != ${LEGIT} tcp sport { ${port}, ${quietPort} } tcp flags & (syn | ack) == syn | ack`,
          ),
          'SYN/ACKs to the attackers are lost on the way',
        ),
        note('the attackers never see a SYN/ACK, so they never answer: every handshake they start stays half-open'),
      ),
      step(
        `flood: ${FLOOD_SYNS} SYNs from ${FLOOD_SYNS} addresses (tcp_syncookies=0)`,
        mark('flood'),
        flood('attacker', port, FLOOD_SYNS, 2),
        note(explainSynQueueCap(SETTINGS)),
        the.client.count('attackers-syn-sent', 'SYN-SENT', '>=', FLOOD_SYNS, {
          within: 2000,
          text: `within 2 s, all ${FLOOD_SYNS} attacker sockets are SYN-SENT (their SYN/ACKs are dropped)`,
        }),
        the.counter('flood-dropped', 'TcpExtTCPReqQFullDrop', '>=', FLOOD_SYNS - MOST_QUEUED, {
          since: 'flood',
          within: 2000,
          text: `within 2 s, TcpExtTCPReqQFullDrop grew by at least ${FLOOD_SYNS - MOST_QUEUED}: every SYN beyond the ones queued was dropped`,
        }),
        queue.expectation,
        the.counter('flood-listen-drops', 'TcpExtListenDrops', '>=', FLOOD_SYNS - MOST_QUEUED, {
          since: 'flood',
          within: 0,
          text: `TcpExtListenDrops grew by at least ${FLOOD_SYNS - MOST_QUEUED} (the same drops, in the counter netstat -s calls "SYNs to LISTEN sockets dropped")`,
        }),
        the.listener.queue(
          'accept-queue-empty',
          { recvQ: ['==', 0] },
          {
            within: 0,
            text: 'the LISTEN line still shows Recv-Q 0: the accept queue is empty, the SYN queue is full, and ss -l does not show the SYN queue',
          },
        ),
      ),
      step(
        `a legitimate client connects from ${LEGIT} (tcp_syncookies=0)`,
        mark('legit'),
        start('client', { until: /connecting/ }),
        waitCapture(
          "the client's second SYN (the first was dropped)",
          (packets) => synsBeforeAnswer(packets, port, null).syns.length >= 2,
          NEXT_SYN_MS,
        ),
        expectRetriedSyn({
          id: 'legit-syn-retried',
          port,
          from: LEGIT,
          minRetrans: 1,
          text: `once tcpdump has seen its SYN twice, the client at ${LEGIT} is still SYN-SENT, ss -o counting the retry (it came 1 s after connect())`,
        }),
        expectHalfOpenAsBefore(
          'syn-recv-still-capped',
          port,
          queue.cap,
          "the SYN queue is still full, at the cap the flood showed: the client's SYNs are dropped like the flood's",
        ),
        the.counter('legit-listen-drops', 'TcpExtListenDrops', '>=', 2, {
          since: 'legit',
          within: 0,
          text: "TcpExtListenDrops kept growing while the client waited (its SYN, its retry, and the attackers' retries)",
        }),
      ),
      ...cookieSteps(input, queue),
    ];
  },
});
