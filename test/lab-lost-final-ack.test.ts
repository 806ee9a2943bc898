// lost-final-ack on the real kernel: nft drops the active closer's last ACK; the server in
// LAST-ACK sends its FIN again, the client's TIME-WAIT ACKs it and restarts its 60 s; with
// tcp_max_tw_buckets=0 the client keeps no TIME-WAIT and the resent FIN meets a RST.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasFlag, type Packet } from '../checker/packets.ts';
import { isPureAck } from '../checker/teardown-wire.ts';
import type { RunReport } from '../checker/verdict.ts';
import { setLang } from '../i18n/lang.ts';
import { unsettled } from '../labs/kit/interview.ts';
import { loadLab } from '../labs/kit/registry.ts';
import { expectation, runFast, unavailableHere } from './helpers.ts';

const PORT = 8818;

/** A client role's segments, found by the port it printed. */
function segmentsOf(report: RunReport, role: string): Packet[] {
  const line = report.events.find((e) => e.source === role && /from port \d+/.test(e.text));
  const port = Number(/from port (\d+)/.exec(line?.text ?? '')?.[1]);
  return report.packets.filter((p) => p.src.port === port || p.dst.port === port);
}

describe('lost-final-ack', { skip: await unavailableHere('lost-final-ack') }, () => {
  it('passes: the lost ACK is repaired by TIME-WAIT; without TIME-WAIT the resent FIN meets a RST', async () => {
    const report = await runFast('lost-final-ack');
    assert.equal(report.verdict, 'pass', report.error ?? '');
    const [first, second] = [segmentsOf(report, 'client'), segmentsOf(report, 'second-client')];
    assert.ok(first.length > 0 && second.length > 0, 'two connections captured');

    // With TIME-WAIT: the server's FIN twice (same seq), ≈ 200 ms apart; the client ACKs both.
    const fins = first.filter((p) => p.src.port === PORT && hasFlag(p, 'FIN'));
    assert.ok(fins.length >= 2, `${fins.length} FINs`);
    assert.equal(new Set(fins.map((p) => p.seq)).size, 1);
    const gap = (fins[1] as Packet).tMs - (fins[0] as Packet).tMs;
    assert.ok(gap >= 150 && gap <= 450, `FIN resent after ${gap} ms`);
    const acks = first.filter((p) => p.dst.port === PORT && isPureAck(p) && p.tMs >= (fins[0] as Packet).tMs);
    assert.ok(acks.length >= 2, `${acks.length} ACKs of the FIN`);
    assert.ok(!first.some((p) => hasFlag(p, 'RST')));
    // The TIME-WAIT timer moved by about the time between the two ACKs.
    const moved = Number(/moved (\d+) ms later/.exec(expectation(report, 'time-wait-restarted').observed)?.[1]);
    const apart = (acks.at(-1) as Packet).tMs - (acks[0] as Packet).tMs;
    assert.ok(moved >= 150 && moved <= apart + 90, `timer moved ${moved} ms, ACKs ${apart} ms apart`);
    assert.match(expectation(report, 'server-waits-in-last-ack').observed, /^LAST-ACK 127\.0\.0\.1:8818 .* timer on /);

    // Without TIME-WAIT: one ACK (lost), the FIN again, then the client's port answers RST.
    const secondFins = second.filter((p) => p.src.port === PORT && hasFlag(p, 'FIN'));
    const rst = second.find((p) => hasFlag(p, 'RST'));
    assert.ok(rst && rst.dst.port === PORT, 'the RST came from the client port');
    assert.ok(secondFins.length >= 2 && rst.tMs > (secondFins[1] as Packet).tMs);
    assert.equal(report.counters.TcpExtTCPTimeWaitOverflow, 1);
    assert.ok((report.counters.TcpOutRsts ?? 0) >= 1);
    assert.match(expectation(report, 'server-never-knew').observed, /socket closed, no error reported$/);

    // The server side went LAST-ACK → CLOSED for both connections.
    const lastAcks = report.timeline.filter((t) => t.role === 'server' && t.from === 'LAST-ACK' && t.to === 'CLOSED');
    assert.equal(lastAcks.length, 2);

    // The interview's model answers, in both languages, quote this run: the FIN's resend gap,
    // the TIME-WAIT's first reading, how far it moved, the port that answered with RST.
    const gapMs = String(
      Math.round(Number(/gaps ([\d.]+) s/.exec(expectation(report, 'fin-resent').observed)?.[1]) * 1000),
    );
    const rstPort = /RST from :(\d+)/.exec(expectation(report, 'resent-fin-meets-rst').observed)?.[1] ?? 'none';
    for (const lang of ['en', 'zh'] as const) {
      setLang(lang);
      const questions = (await loadLab('lost-final-ack')).interview ?? [];
      setLang('en');
      const answers = Object.fromEntries(questions.map((q) => [q.id, q.answer(report)]));
      for (const q of questions) assert.equal(unsettled(q, report), null, `${q.id} is settled`);
      assert.ok(answers['why-last-ack-matters']?.includes(`${gapMs} `), answers['why-last-ack-matters']);
      assert.ok(answers['why-last-ack-matters']?.includes(rstPort));
      assert.ok(answers['time-wait-restarts']?.includes(`${moved} `), answers['time-wait-restarts']);
      assert.ok(answers['tw-buckets-overflow']?.includes(rstPort));
      for (const answer of Object.values(answers)) assert.doesNotMatch(answer, /\{\w+\}|\?/);
    }
  });
});
