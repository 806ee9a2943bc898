import { defineLab, playing } from '../kit/lab.ts';
import { mark, start, step, waitExit, waitFor } from '../kit/plan.ts';
import { dataAnsweredByRst, finWait2Of, goneFrom, heldWithoutTimer, orphaned, STAYS_MS } from './checks.ts';
import { leaveNoOrphanExercise } from './exercise.ts';

/** tcp_fin_timeout inside the sandbox, in seconds (the default is 60). */
export const FIN_TIMEOUT = 2;
/** How late after tcp_fin_timeout the reap may be seen: the timer, then the 20 Hz poll. */
const REAP_SLACK_MS = 1500;

export default defineLab({
  id: 'fin-wait-2-timeout',
  title: 'FIN-WAIT-2 and tcp_fin_timeout: the orphan is reaped, the CLOSE-WAIT stays',
  topic: 'teardown',
  seed: '000',
  summary: `A client that closes and exits leaves an orphaned FIN-WAIT-2, which tcp_fin_timeout (${FIN_TIMEOUT} s here) frees without any TIME-WAIT; the leaking server's CLOSE-WAIT stays, and its next write meets a RST. A client that only calls end() keeps FIN-WAIT-2 with no timer at all.`,
  needs: { tcpdump: true, sysctls: { 'net.ipv4.tcp_fin_timeout': FIN_TIMEOUT } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'client-stays', 'late-client'),
  },
  exercises: [leaveNoOrphanExercise],
  chart: { state: 'CLOSE-WAIT', role: 'server' },
  // The orphan lives tcp_fin_timeout after the ACK of its FIN; nothing else waits on the kernel.
  floorMs: FIN_TIMEOUT * 1000,
  timeoutMs: 30_000,
  plan: ({ port, scale, the }) => [
    step(`the chat server listens on :${port}`, start('server', { listening: true })),
    step(
      'a user joins, says "Connect success" and calls end() at once (FIN →), and stays to listen',
      start('client-stays', { until: /called end\(\)/, env: { LEAVE: 'end', PAUSE_MS: '0' } }),
      the.server.is('server-close-wait', 'CLOSE-WAIT', {
        text: `within 1 s, the server side of :${port} is CLOSE-WAIT: the server ignores the user's EOF`,
      }),
    ),
    step(
      `the seed's client joins, waits ${scale(3000)} ms, closes its socket and exits`,
      mark('orphaned'),
      start('client', { until: /connected from port/ }),
      waitExit('client', scale(3000) + 5000),
      finWait2Of({
        id: 'orphan-has-timer',
        role: 'client',
        port,
        holds: orphaned(FIN_TIMEOUT * 1000),
        text: `the exited client's socket is FIN-WAIT-2 with no owner, and ss -o shows timer:(timewait,…) of at most ${FIN_TIMEOUT} s: tcp_fin_timeout is counting`,
      }),
      finWait2Of({
        id: 'stayer-has-no-timer',
        role: 'client-stays',
        port,
        holds: heldWithoutTimer,
        text: 'the user who called end() is FIN-WAIT-2 too, owned by its process, and ss -o shows no timer at all',
      }),
      the.server.count('two-close-wait', 'CLOSE-WAIT', '==', 2, {
        text: 'the server holds 2 CLOSE-WAIT sockets, one per user who left',
      }),
    ),
    step(
      `tcp_fin_timeout=${FIN_TIMEOUT}: the kernel reaps the orphan, and nothing else changes`,
      goneFrom(
        'orphan-reaped',
        'client',
        'client',
        port,
        `within ${(FIN_TIMEOUT * 1000 + REAP_SLACK_MS) / 1000} s, nothing is left of the exited client's socket: no FIN-WAIT-2, and no TIME-WAIT`,
        FIN_TIMEOUT * 1000 + REAP_SLACK_MS,
      ),
      the.client.count('no-time-wait', 'TIME-WAIT', '==', 0, {
        within: 0,
        text: `no client-side socket on :${port} is TIME-WAIT: the orphan did not "turn into TIME-WAIT" (seed 000)`,
      }),
      the.counter('tw-killed', 'TcpExtTWKilled', '==', 1, {
        since: 'orphaned',
        within: 0,
        text: `TcpExtTWKilled grew by exactly 1: a short-lived timewait entry (≤ 4 s) held the orphan and was killed by its timer…`,
      }),
      the.counter('no-time-wait-counted', 'TcpExtTW', '==', 0, {
        since: 'orphaned',
        within: 0,
        text: '…and TcpExtTW (TIME-WAITs of the full 60 s) did not move',
      }),
      finWait2Of({
        id: 'stayer-still-waits',
        role: 'client-stays',
        port,
        holds: heldWithoutTimer,
        within: 0,
        text: `the user who called end() is still FIN-WAIT-2 with no timer, more than ${FIN_TIMEOUT} s on: tcp_fin_timeout is for orphans only`,
      }),
      the.server.count('close-wait-stays', 'CLOSE-WAIT', '==', 2, {
        within: 0,
        text: "the server still holds both CLOSE-WAIT sockets: no timer ends CLOSE-WAIT, and the orphan's end told the server nothing",
      }),
    ),
    step(
      'a late user joins: the server tells the room, and its write to the departed user meets RST',
      mark('late'),
      start('late-client', { until: /wrote/, env: { PAUSE_MS: String(STAYS_MS) } }),
      waitFor('server', /user2: /, 5000),
      dataAnsweredByRst(
        'data-answered-by-rst',
        'client',
        port,
        "tcpdump: the server's data to the departed client's port is answered with RST: no socket is there any more",
      ),
      the.output('server-epipe', 'server', /user2: write EPIPE/, {
        text: "the server's next write to that user fails with EPIPE (a RST in CLOSE-WAIT is reported as a broken pipe)",
      }),
      the.counter('rst-sent', 'TcpOutRsts', '==', 1, {
        since: 'late',
        text: 'TcpOutRsts grew by exactly 1: the RST the client side of this host sent for the closed port',
      }),
      the.counter('close-wait-reset', 'TcpEstabResets', '==', 1, {
        since: 'late',
        text: 'TcpEstabResets grew by exactly 1: the RST ended the server socket that sat in CLOSE-WAIT',
      }),
      goneFrom(
        'server-socket-gone',
        'server',
        'client',
        port,
        "and the server's socket for the departed user is gone",
        1000,
      ),
      the.output('stayer-hears', 'client-stays', /got "user3: Connect success"/, {
        text: 'the user in FIN-WAIT-2 (end() only) still receives what the room says: half-closed, not gone',
      }),
    ),
  ],
});
