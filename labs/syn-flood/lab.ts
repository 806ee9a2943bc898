import {
  type Expectation,
  expectCount,
  expectCounter,
  expectDuration,
  expectListenerQueue,
} from '../../checker/expect.ts';
import type { Classify } from '../../checker/timeline.ts';
import { defineLab, type LabContext } from '../kit/lab.ts';
import type { LabProcess } from '../kit/process.ts';
import { connectMs } from './connect-time.ts';
import { expectHalfOpen, expectRetriedSyn } from './half-open.ts';
import { explainSynQueueCap, type SynQueueSettings, synQueueCap } from './syn-queue.ts';

const BACKLOG = 8;
const SOMAXCONN = 4096;
const MAX_SYN_BACKLOG = 2048;
const SMALL_MAX_SYN_BACKLOG = 8;
const FLOOD_SYNS = 32;
const WAVE_SYNS = 16;
const LEGIT = '127.0.0.1';

/** Attackers dial from 127.0.0.2 and up; the legitimate client from 127.0.0.1. */
function classifyFlood(port: number): Classify {
  const ports = [port, port + 1];
  return (row) => {
    if (row.state === 'LISTEN') return 'listener';
    if (ports.includes(row.local.port)) return 'server';
    if (ports.includes(row.peer.port)) return row.local.address === LEGIT ? 'client' : 'attacker';
    return 'other';
  };
}

/** A sysctl read inside the sandbox before the lab touched it. */
function expectDefault(id: string, name: string, seen: string, expected: string, text: string): Expectation {
  return {
    id,
    text,
    command: ['sysctl', name],
    within: 0,
    async attempt() {
      return { ok: seen === expected, observed: `${name} = ${seen}` };
    },
  };
}

/** Not one attacker handshake completed: every SYN/ACK to them was dropped. */
function expectNoAttackerGotThrough(): Expectation {
  return {
    id: 'attackers-never-connected',
    text: 'no attacker connection ever completed (nft dropped every SYN/ACK sent to them)',
    command: null,
    within: 0,
    async attempt(env) {
      const lines = env.output('attacker');
      const through = lines.filter((line) => /got through/.test(line));
      if (through.length > 0) return { ok: false, observed: through[0] as string };
      const sent = lines.filter((line) => /sent \d+ SYNs/.test(line));
      return { ok: sent.length > 0, observed: `attacker: ${sent.length} waves sent, none got through` };
    },
  };
}

async function flood(ctx: LabContext, port: number, syns: number, firstHost: number): Promise<LabProcess> {
  const attacker = ctx.start('attacker', {
    env: { PORT: String(port), SYNS: String(syns), FIRST_HOST: String(firstHost) },
  });
  await ctx.waitOutput(attacker, /sent \d+ SYNs/);
  return attacker;
}

export default defineLab({
  id: 'syn-flood',
  title: 'SYN flood: a full SYN queue, and SYN cookies',
  topic: 'handshake',
  seed: '001',
  summary:
    'Half-open connections from many addresses fill a SYN queue of min(backlog, somaxconn) + 1; without cookies a real client hangs, with cookies it connects in milliseconds.',
  needs: {
    nft: true,
    // tcp_syncookies is left at the kernel's default: the run reads it, then turns it off.
    sysctls: {
      'net.core.somaxconn': SOMAXCONN,
      'net.ipv4.tcp_max_syn_backlog': MAX_SYN_BACKLOG,
    },
  },
  port: 8818,
  programs: { server: 'server.ts', attacker: 'attacker.ts', client: 'client.ts' },
  classify: classifyFlood,
  // The stalled client waits for its SYN retries, 1 s apart (tcp_syn_linear_timeouts).
  floorMs: 2000,
  timeoutMs: 30_000,
  async run(ctx) {
    const port = ctx.port;
    const quietPort = port + 1;
    const settings: SynQueueSettings = {
      backlog: BACKLOG,
      somaxconn: SOMAXCONN,
      maxSynBacklog: MAX_SYN_BACKLOG,
      syncookies: 0,
    };
    const cap = synQueueCap(settings);

    await ctx.step('a new network namespace has SYN cookies on; the lab turns them off', async () => {
      const read = await ctx.sh(['cat', '/proc/sys/net/ipv4/tcp_syncookies']);
      await ctx.expect(
        expectDefault(
          'syncookies-default',
          'net.ipv4.tcp_syncookies',
          read.stdout.trim(),
          '1',
          "the kernel's default is tcp_syncookies = 1 (seeds 001 and 004 say 0): cookies when the SYN queue is full",
        ),
      );
      await ctx.sysctl('net.ipv4.tcp_syncookies', 0);
    });

    await ctx.step(`two servers, backlog ${BACKLOG}: :${port} will be flooded, :${quietPort} stays quiet`, async () => {
      const flooded = ctx.start('server', { env: { BACKLOG: String(BACKLOG) } });
      const quiet = ctx.start('server', { env: { PORT: String(quietPort), BACKLOG: String(BACKLOG) } });
      await Promise.all([ctx.waitListening(flooded), ctx.waitListening(quiet, quietPort)]);
      await ctx.expect(
        expectListenerQueue({
          id: 'listener-limit',
          port,
          sendQ: ['==', BACKLOG],
          text: `the listener's Send-Q shows ${BACKLOG} = min(backlog ${BACKLOG}, somaxconn ${SOMAXCONN})`,
        }),
      );
    });

    await ctx.step('nft drops the SYN/ACKs the server sends to anyone but 127.0.0.1', async () => {
      // Dropped on arrival (input hook), not on departure: a SYN/ACK dropped in the output
      // hook fails the server's send, and a failed SYN/ACK retransmission deletes the request
      // at once. A spoofed flood's SYN/ACKs leave fine and vanish on the network, like these.
      await ctx.nft(`
        chain input {
          type filter hook input priority 0;
          ip daddr != ${LEGIT} tcp sport { ${port}, ${quietPort} } tcp flags & (syn | ack) == syn | ack drop
        }`);
      ctx.note('the attackers never see a SYN/ACK, so they never answer: every handshake they start stays half-open');
    });

    await ctx.step(`flood: ${FLOOD_SYNS} SYNs from ${FLOOD_SYNS} addresses (tcp_syncookies=0)`, async () => {
      await ctx.mark('flood');
      await flood(ctx, port, FLOOD_SYNS, 2);
      ctx.note(explainSynQueueCap(settings));
      await ctx.expect(
        expectCount({
          id: 'attackers-syn-sent',
          side: 'client',
          port,
          state: 'SYN-SENT',
          op: '>=',
          n: FLOOD_SYNS,
          within: 2000,
          text: `within 2 s, all ${FLOOD_SYNS} attacker sockets are SYN-SENT (their SYN/ACKs are dropped)`,
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'flood-dropped',
          name: 'TcpExtTCPReqQFullDrop',
          op: '>=',
          n: FLOOD_SYNS - cap,
          since: 'flood',
          within: 2000,
          text: `within 2 s, TcpExtTCPReqQFullDrop grew by at least ${FLOOD_SYNS - cap}: every SYN beyond the ${cap} queued was dropped`,
        }),
      );
      await ctx.expect(
        expectHalfOpen({
          id: 'syn-recv-capped',
          port,
          op: '==',
          n: cap,
          minPeers: cap,
          text: `the server holds exactly ${cap} SYN-RECV = min(backlog ${BACKLOG}, somaxconn ${SOMAXCONN}) + 1, from ${cap} different addresses (seed 001's sign of a flood)`,
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'flood-listen-drops',
          name: 'TcpExtListenDrops',
          op: '>=',
          n: FLOOD_SYNS - cap,
          since: 'flood',
          within: 0,
          text: `TcpExtListenDrops grew by at least ${FLOOD_SYNS - cap} (the same drops, in the counter netstat -s calls "SYNs to LISTEN sockets dropped")`,
        }),
      );
      await ctx.expect(
        expectListenerQueue({
          id: 'accept-queue-empty',
          port,
          recvQ: ['==', 0],
          within: 0,
          text: 'the LISTEN line still shows Recv-Q 0: the accept queue is empty, the SYN queue is full, and ss -l does not show the SYN queue',
        }),
      );
    });

    const stalled = await ctx.step(`a legitimate client connects from ${LEGIT} (tcp_syncookies=0)`, async () => {
      // The packet view (when tcpdump is there): only the legitimate clients' segments.
      await ctx.capture(['tcp', 'port', String(port), 'and', 'src', 'host', LEGIT, 'and', 'dst', 'host', LEGIT]);
      await ctx.mark('legit');
      const client = ctx.start('client');
      await ctx.waitOutput(client, /connecting/);
      await ctx.expect(
        expectRetriedSyn({
          id: 'legit-syn-retried',
          port,
          from: LEGIT,
          minRetrans: 1,
          within: 3000,
          text: `within 3 s, the client at ${LEGIT} is still SYN-SENT after its SYN was retried (the first retry comes 1 s after connect())`,
        }),
      );
      await ctx.expect(
        expectHalfOpen({
          id: 'syn-recv-still-capped',
          port,
          op: '==',
          n: cap,
          within: 0,
          text: `the SYN queue is still full at ${cap}: the client's SYNs were dropped like the flood's`,
        }),
      );
      await ctx.expect(
        expectCounter({
          id: 'legit-listen-drops',
          name: 'TcpExtListenDrops',
          op: '>=',
          n: 2,
          since: 'legit',
          within: 0,
          text: "TcpExtListenDrops kept growing while the client waited (its SYN, its retry, and the attackers' retries)",
        }),
      );
      return client;
    });

    await ctx.step(
      'tcp_syncookies=1: the waiting client gets in at its next SYN; a new client at its first',
      async () => {
        await ctx.mark('cookies');
        await ctx.sysctl('net.ipv4.tcp_syncookies', 1);
        const fresh = ctx.start('client');
        await ctx.waitOutput(stalled, /connected in/, 3000);
        await ctx.waitOutput(fresh, /connected in/, 3000);
        await ctx.expect(
          expectDuration({
            id: 'legit-stalled',
            label: "the first client's connect()",
            measure: () => connectMs(stalled),
            minMs: 1000,
            text: "the first client's connect() took at least 1000 ms: it hung through dropped SYNs until cookies were on",
          }),
        );
        await ctx.expect(
          expectDuration({
            id: 'legit-fast-with-cookies',
            label: "the second client's connect()",
            measure: () => connectMs(fresh),
            maxMs: 900,
            text: "the second client's connect() took at most 900 ms (its first SYN was answered; a retry would come at 1 s)",
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'cookies-sent',
            name: 'TcpExtSyncookiesSent',
            op: '>=',
            n: 2,
            since: 'cookies',
            text: 'within 1 s, TcpExtSyncookiesSent grew by at least 2: the full queue answers SYNs with a cookie instead of dropping them',
          }),
        );
        await ctx.expect(
          expectCounter({
            id: 'cookie-returned',
            name: 'TcpExtSyncookiesRecv',
            op: '>=',
            n: 2,
            since: 'cookies',
            text: "within 1 s, TcpExtSyncookiesRecv grew by at least 2: both clients' ACKs brought a valid cookie back (attackers never answer)",
          }),
        );
        await ctx.expect(
          expectHalfOpen({
            id: 'syn-recv-full-with-cookies',
            port,
            op: '==',
            n: cap,
            within: 0,
            text: `the SYN queue is still full at ${cap}: a cookie takes no slot, the state travels in the sequence number`,
          }),
        );
      },
    );

    await ctx.step(`tcp_syncookies=2: cookies always, even on :${quietPort}, which has room`, async () => {
      await ctx.sysctl('net.ipv4.tcp_syncookies', 2);
      await ctx.mark('always');
      const client = ctx.start('client', { env: { PORT: String(quietPort) } });
      const wave = await flood(ctx, quietPort, WAVE_SYNS, 2 + FLOOD_SYNS);
      await ctx.expect(
        expectCounter({
          id: 'always-cookies-sent',
          name: 'TcpExtSyncookiesSent',
          op: '>=',
          n: WAVE_SYNS,
          since: 'always',
          within: 2000,
          text: `within 2 s, TcpExtSyncookiesSent grew by at least ${WAVE_SYNS}: each SYN to :${quietPort} got a cookie`,
        }),
      );
      await ctx.expect(
        expectHalfOpen({
          id: 'always-nothing-queued',
          port: quietPort,
          op: '==',
          n: 0,
          within: 0,
          text: `:${quietPort} holds no SYN-RECV after ${WAVE_SYNS} half-open handshakes, though it has room for ${cap} (as :${port} showed): with 2, the kernel keeps no state for any SYN`,
        }),
      );
      await ctx.waitOutput(client, /connected in/, 3000);
      await ctx.expect(
        expectCounter({
          id: 'always-cookie-returned',
          name: 'TcpExtSyncookiesRecv',
          op: '>=',
          n: 1,
          since: 'always',
          text: `within 1 s, TcpExtSyncookiesRecv grew: the client's handshake with :${quietPort} was completed from a cookie`,
        }),
      );
      wave.kill();
      await ctx.waitExit(wave);
    });

    const small: SynQueueSettings = { ...settings, maxSynBacklog: SMALL_MAX_SYN_BACKLOG, syncookies: 0 };
    const smallCap = synQueueCap(small);
    await ctx.step(
      `tcp_syncookies=0, tcp_max_syn_backlog=${SMALL_MAX_SYN_BACKLOG}: a flood on :${quietPort} stops earlier`,
      async () => {
        await ctx.sysctl('net.ipv4.tcp_syncookies', 0);
        await ctx.sysctl('net.ipv4.tcp_max_syn_backlog', SMALL_MAX_SYN_BACKLOG);
        await ctx.mark('small');
        await flood(ctx, quietPort, WAVE_SYNS, 2 + FLOOD_SYNS + WAVE_SYNS);
        ctx.note(explainSynQueueCap(small));
        await ctx.expect(
          expectCounter({
            id: 'small-dropped',
            name: 'TcpExtListenDrops',
            op: '>=',
            n: WAVE_SYNS - smallCap,
            since: 'small',
            within: 2000,
            text: `within 2 s, TcpExtListenDrops grew by at least ${WAVE_SYNS - smallCap}`,
          }),
        );
        await ctx.expect(
          expectHalfOpen({
            id: 'syn-recv-capped-small',
            port: quietPort,
            op: '==',
            n: smallCap,
            text: `:${quietPort} holds exactly ${smallCap} SYN-RECV = ${SMALL_MAX_SYN_BACKLOG} - ${SMALL_MAX_SYN_BACKLOG}/4 + 1, below backlog + 1 (${BACKLOG + 1}): without cookies the last quarter of tcp_max_syn_backlog is kept for peers proven alive`,
          }),
        );
      },
    );

    await ctx.expect(expectNoAttackerGotThrough());
  },
});
