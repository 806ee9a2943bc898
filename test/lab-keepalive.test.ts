// keepalive on the real kernel: a vanished server is found dead by unanswered probes; a
// frozen one has its kernel answer them, and only the application heartbeat notices. Then
// both exercises: each reference client passes, each starter fails (not an error).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasFlag, type Packet } from '../checker/packets.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const PORT = 8818;
const EXERCISES = new URL('../labs/keepalive/exercise/', import.meta.url).pathname;

function number(observed: string, pattern: RegExp): number {
  const match = pattern.exec(observed);
  assert.ok(match, `${pattern} not in: ${observed}`);
  return Number(match[1]);
}

/** The segments a client port exchanged with the server, in order. */
function conversation(packets: readonly Packet[], clientPort: number): Packet[] {
  return packets.filter((p) => p.src.port === clientPort || p.dst.port === clientPort);
}

describe('keepalive', { skip: await unavailableHere('keepalive') }, () => {
  it('passes: probes find a dead peer in 2 + 3 × 1 s; a frozen one answers them; a heartbeat does not', async () => {
    const report = await runFast('keepalive');
    assert.equal(report.verdict, 'pass', report.error ?? '');

    // ss -o: the idle countdown, then the unanswered probes counted in the timer's third number.
    assert.match(expectation(report, 'keepalive-timer-idle').observed, /timer:\(keepalive,\d+ms,0\)$/);
    assert.ok(
      number(expectation(report, 'keepalive-probes-unanswered').observed, /timer:\(keepalive,\d+ms,(\d+)\)/) >= 1,
    );
    // Node's setKeepAlive(true, ms) socket outlived tcp_keepalive_probes=3, with the libuv it printed.
    assert.match(expectation(report, 'node-libuv-version').observed, new RegExp(`libuv ${process.versions.uv}`));
    assert.ok(
      number(expectation(report, 'node-keepalive-keeps-probing').observed, /timer:\(keepalive,\d+ms,(\d+)\)/) > 3,
    );

    // The dead peer, from the packets: connect, 2 s quiet, 3 probes 1 s apart, RST 1 s later.
    const deadPort = number(expectation(report, 'dead-peer-etimedout').observed, /port (\d+): ETIMEDOUT/);
    const dead = conversation(report.packets, deadPort);
    const fromClient = dead.filter((p) => p.src.port === deadPort);
    const [syn, handshakeAck, ...rest] = fromClient;
    assert.ok(syn && hasFlag(syn, 'SYN') && handshakeAck, 'no handshake for the dead-peer client');
    const reset = rest.at(-1) as Packet;
    assert.ok(hasFlag(reset, 'RST'), `last client segment is [${reset.flagText}]`);
    // On a loaded machine the vanish may come after a first probe was answered: count the
    // unanswered ones, after the last segment heard from the server.
    const lastHeard = dead.filter((p) => p.src.port === PORT).at(-1) as Packet;
    const probes = rest.slice(0, -1).filter((p) => p.tMs > lastHeard.tMs);
    assert.equal(probes.length, 3, `unanswered probes: ${probes.length}`);
    assert.ok(probes.every((p) => p.flagText === '.' && p.length === 0));
    const times = [lastHeard, ...probes, reset].map((p) => p.tMs);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    assert.ok((gaps[0] as number) >= 1950 && (gaps[0] as number) <= 2300, `idle ${gaps[0]} ms`);
    for (const gap of gaps.slice(1)) assert.ok(gap >= 950 && gap <= 1300, `probe gap ${gap} ms`);
    const silentMs = number(expectation(report, 'dead-after-5s').observed, /took (\d+) ms/);
    assert.ok(silentMs >= 4900 && silentMs <= 6000, `dead after ${silentMs} ms`);
    // The client program's own clock agrees: connect() to ETIMEDOUT is the time until the last
    // segment heard, plus the silence.
    const programMs = number(
      expectation(report, 'dead-peer-etimedout').observed,
      /ETIMEDOUT (\d+) ms after connecting/,
    );
    const heardFor = lastHeard.tMs - (dead.find((p) => p.src.port === PORT) as Packet).tMs;
    assert.ok(
      Math.abs(programMs - (heardFor + silentMs)) <= 300,
      `the client saw ETIMEDOUT ${programMs} ms after connecting; heard for ${heardFor} ms, then ${silentMs} ms of silence`,
    );

    // The frozen server: the heartbeat gave up; keepalive probes were each answered.
    assert.ok(report.events.some((e) => e.source === 'heartbeat' && /no pong within 1500 ms/.test(e.text)));
    const detectMs = number(expectation(report, 'heartbeat-detects-hang').observed, /took (\d+) ms/);
    assert.ok(detectMs >= 1000 && detectMs <= 3000, `heartbeat detected after ${detectMs} ms`);
    assert.match(expectation(report, 'server-process-stopped').observed, /state T$/);
    assert.ok(number(expectation(report, 'ping-waits-in-recv-q').observed, /Recv-Q (\d+)/) >= 5);
    assert.match(expectation(report, 'probes-answered-while-frozen').observed, /3 probes .* 3 answered$/);
    assert.match(expectation(report, 'keepalive-sees-nothing').observed, /^ESTAB .* timer:\(keepalive,\d+ms,0\)$/);

    // Counters for the whole run: one connection aborted on a timer (the dead peer's), and
    // probes from all three idle connections: 3 + more than 3 + 3 answered.
    assert.equal(report.counters.TcpExtTCPAbortOnTimeout, 1);
    assert.ok((report.counters.TcpExtTCPKeepAlive ?? 0) >= 3 + 4 + 3);

    // The sampler: the dead-peer client vanished from ESTAB; the server never saw it go.
    assert.ok(
      report.timeline.some(
        (t) => t.role === 'client' && t.local.endsWith(`:${deadPort}`) && t.from === 'ESTAB' && t.to === 'CLOSED',
      ),
    );
    assert.ok(
      !report.timeline.some((t) => t.role === 'server' && t.peer.endsWith(`:${deadPort}`) && t.to === 'CLOSED'),
    );
  });

  it('exercise dead-peer: the reference client (keepalive after 1 s) is found dead by its kernel within 15 s', async () => {
    const learnerFile = `${EXERCISES}dead-peer-solution.ts`;
    const report = await runFast('keepalive', { mode: 'check', learnerFile, exercise: 'dead-peer' });
    assert.equal(report.verdict, 'pass', JSON.stringify(report.expectations, null, 2));
    assert.equal(report.counters.TcpExtTCPAbortOnTimeout, 1);
    // libuv's TCP_KEEPCNT=10 on the socket: ten unanswered probes, whatever the sysctl's 9.
    assert.ok((report.counters.TcpExtTCPKeepAlive ?? 0) >= 10, JSON.stringify(report.counters));
  });

  it('exercise dead-peer: the starter (setKeepAlive(true), the 2 h default) fails', async () => {
    const learnerFile = `${EXERCISES}dead-peer-starter.ts`;
    const report = await runFast('keepalive', { mode: 'check', learnerFile, exercise: 'dead-peer' });
    assert.equal(report.verdict, 'fail', report.error ?? '');
    assert.equal(expectation(report, 'idle-connection-kept').ok, true);
    assert.equal(expectation(report, 'kernel-found-dead-peer').ok, false);
    assert.match(report.hints[0] ?? '', /tcp_keepalive_time/);
  });

  it('exercise heartbeat: the reference heartbeat closes on a frozen server; the starter never does', async () => {
    const solution = await runFast('keepalive', {
      mode: 'check',
      learnerFile: `${EXERCISES}heartbeat-solution.ts`,
      exercise: 'heartbeat',
    });
    assert.equal(solution.verdict, 'pass', JSON.stringify(solution.expectations, null, 2));
    const tookS = number(expectation(solution, 'closed-after-freeze').observed, /(\d+\.\d+) s after it/);
    assert.ok(tookS >= 1 && tookS <= 5, `closed ${tookS} s after the freeze`);
    const starter = await runFast('keepalive', {
      mode: 'check',
      learnerFile: `${EXERCISES}heartbeat-starter.ts`,
      exercise: 'heartbeat',
    });
    assert.equal(starter.verdict, 'fail', starter.error ?? '');
    assert.equal(expectation(starter, 'kept-while-answered').ok, true);
    assert.equal(expectation(starter, 'closed-after-freeze').ok, false);
  });
});
