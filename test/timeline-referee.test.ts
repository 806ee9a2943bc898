// The kernel referees the timeline. As root, the sock:inet_sock_set_state tracepoint (read
// through tracefs, in an instance of our own) reports every state change a socket makes; each
// one on a lab's ports must be in the run's JSON timeline, on the same side, within 5 ms.
//
// Left out, and why:
// - changes to or from CLOSE, into SYN-SENT and into LISTEN: a socket being made or freed,
//   not a state a learner watches (and SYN-SENT is entered before the port is chosen: sport=0);
// - entry into TIME-WAIT: the tracepoint never reports it (tcp_time_wait() swaps in a
//   timewait socket instead of calling tcp_set_state());
// - NEW_SYN_RECV request sockets: they are not full sockets and have no tracepoint of their
//   own. When the final ACK arrives the kernel clones a child from the listener and reports
//   LISTEN → SYN_RECV, then SYN_RECV → ESTABLISHED microseconds later: the timeline's
//   SYN-RECV → ESTAB holds both;
// - a "change" to the state it already had (FIN_WAIT2 → FIN_WAIT2 when an orphan's timer is set).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import type { RunReport } from '../checker/verdict.ts';
import { availability } from '../labs/kit/availability.ts';
import { loadLabs } from '../labs/kit/registry.ts';
import { chooseSandbox } from '../labs/kit/sandbox.ts';
import { findTool } from '../labs/kit/tools.ts';
import { runFast } from './helpers.ts';

const TRACING = '/sys/kernel/tracing';
const INSTANCE = `${TRACING}/instances/tcplabs-referee-${process.pid}`;
const WITHIN_MS = 5;

const STATES: Record<string, string> = {
  TCP_ESTABLISHED: 'ESTAB',
  TCP_SYN_SENT: 'SYN-SENT',
  TCP_SYN_RECV: 'SYN-RECV',
  TCP_FIN_WAIT1: 'FIN-WAIT-1',
  TCP_FIN_WAIT2: 'FIN-WAIT-2',
  TCP_TIME_WAIT: 'TIME-WAIT',
  TCP_CLOSE: 'CLOSED',
  TCP_CLOSE_WAIT: 'CLOSE-WAIT',
  TCP_LAST_ACK: 'LAST-ACK',
  TCP_LISTEN: 'LISTEN',
  TCP_CLOSING: 'CLOSING',
  TCP_NEW_SYN_RECV: 'NEW-SYN-RECV',
};

interface KernelChange {
  tMs: number;
  side: string;
  from: string;
  to: string;
}

/** Why this machine cannot referee, or null when it can (mounting tracefs if need be). */
async function whyNoReferee(): Promise<string | null> {
  if (process.getuid?.() !== 0)
    return 'the tracepoint needs root (tracefs); run npm test as root to referee the timeline';
  if (!findTool('tcpdump') && process.env.TCPLABS_ALL_LABS !== '1')
    return 'the exact timeline is built from the capture, and tcpdump is not installed (a 20 Hz poll cannot keep 5 ms)';
  if (!existsSync(`${TRACING}/instances`)) {
    await execa('mount', ['-t', 'tracefs', 'nodev', TRACING], { reject: false });
  }
  if (!existsSync(`${TRACING}/events/sock/inet_sock_set_state`)) {
    return `no sock:inet_sock_set_state tracepoint under ${TRACING} (tracefs not mounted, or a kernel without it)`;
  }
  return null;
}

function startTracing(): void {
  mkdirSync(INSTANCE);
  // CLOCK_MONOTONIC, the clock process.hrtime reads, so times can be put on the run's clock.
  writeFileSync(`${INSTANCE}/trace_clock`, 'mono');
  writeFileSync(`${INSTANCE}/buffer_size_kb`, '8192');
  writeFileSync(`${INSTANCE}/events/sock/inet_sock_set_state/enable`, '1');
  writeFileSync(`${INSTANCE}/tracing_on`, '1');
}

function stopTracing(): void {
  writeFileSync(`${INSTANCE}/tracing_on`, '0');
  writeFileSync(`${INSTANCE}/events/sock/inet_sock_set_state/enable`, '0');
  rmdirSync(INSTANCE);
}

/** Read and clear what the tracepoint reported, on the run's clock. */
function takeTrace(report: RunReport): KernelChange[] {
  const text = readFileSync(`${INSTANCE}/trace`, 'utf8');
  writeFileSync(`${INSTANCE}/trace`, '');
  const monoToEpoch = Date.now() - Number(process.hrtime.bigint()) / 1e6;
  const changes: KernelChange[] = [];
  const line =
    / (\d+\.\d+): inet_sock_set_state: family=AF_INET6? protocol=IPPROTO_TCP sport=(\d+) dport=(\d+) saddr=(\S+) daddr=(\S+) .*oldstate=(\w+) newstate=(\w+)/;
  for (const match of text.split('\n').map((l) => line.exec(l))) {
    if (!match) continue;
    const [, t, sport, dport, saddr, daddr, from, to] = match as unknown as string[];
    changes.push({
      tMs: Number(t) * 1000 + monoToEpoch - report.startedAtMs,
      side: `${saddr}:${sport}>${daddr}:${dport}`,
      from: STATES[from as string] ?? (from as string),
      to: STATES[to as string] ?? (to as string),
    });
  }
  return changes;
}

/** The kernel's changes on the lab's connections (the captured ones), while it was observed. */
function onTheLab(changes: readonly KernelChange[], report: RunReport): KernelChange[] {
  const ends = new Set(
    report.packets.flatMap((p) => [`${p.src.address}:${p.src.port}`, `${p.dst.address}:${p.dst.port}`]),
  );
  const until = report.observedUntilMs ?? report.durationMs;
  return changes.filter((c) => {
    const [local, peer] = c.side.split('>') as [string, string];
    return ends.has(local) && ends.has(peer) && c.tMs <= until;
  });
}

/** Those a timeline must hold (the top of this file says what is left out, and why). */
function refereed(changes: readonly KernelChange[]): KernelChange[] {
  return changes.filter((c) => {
    if (c.from === c.to || c.from === 'CLOSED' || c.to === 'CLOSED') return false;
    return !['SYN-SENT', 'LISTEN', 'TIME-WAIT', 'NEW-SYN-RECV'].includes(c.to);
  });
}

function inTimeline(change: KernelChange, report: RunReport): boolean {
  return report.timeline.some((t) => {
    if (`${t.local}>${t.peer}` !== change.side || Math.abs(t.tMs - change.tMs) > WITHIN_MS) return false;
    // The child cloned from the listener: its SYN-RECV is the one SYN-RECV → ESTAB leaves.
    if (change.from === 'LISTEN' && change.to === 'SYN-RECV') return t.from === 'SYN-RECV';
    return t.to === change.to;
  });
}

describe('the timeline, refereed by the kernel', async () => {
  const why = await whyNoReferee();
  if (why) console.log(`# skipped: ${why}`);
  const sandbox = await chooseSandbox();
  const labs = (await loadLabs()).filter((lab) => availability(lab.needs, sandbox).available);

  for (const lab of labs) {
    it(`${lab.id}: every change the tracepoint reports is in the timeline, within ${WITHIN_MS} ms`, {
      skip: why ?? false,
    }, async () => {
      startTracing();
      let report: RunReport;
      let changes: KernelChange[];
      try {
        report = await runFast(lab.id);
        changes = takeTrace(report);
      } finally {
        stopTracing();
      }
      assert.equal(report.verdict, 'pass', report.error ?? '');
      assert.equal(report.timelineSource, 'wire+poll');
      assert.deepEqual(report.timelineDoubts, [], 'no change the wire implied is contradicted by ss');
      const seen = onTheLab(changes, report);
      assert.ok(seen.length > 0, 'the tracepoint saw the lab');
      const expected = refereed(seen);
      const missing = expected.filter((change) => !inTimeline(change, report));
      const show = (c: KernelChange) => `${c.tMs.toFixed(3)} ${c.side} ${c.from} → ${c.to}`;
      assert.deepEqual(missing.map(show), [], `of ${expected.length} kernel changes, these are missing`);
      console.log(
        `# ${lab.id}: all ${expected.length} refereed kernel changes (of ${seen.length}) are in the timeline`,
      );
    });
  }
});
