// `tcplabs audit`: the parser and the judge on recorded text and recorded kernel facts, then
// the real command on the seeds' recipe, a clean file, bad files and a missing one.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { synGiveUp } from '../checker/syn-give-up.ts';
import { type AuditEntry, type AuditFacts, judgeConf } from '../checker/sysctl-audit.ts';
import { auditableLines, parseSysctlConf, type Setting, sysctlPath } from '../checker/sysctl-conf.ts';
import { FIXTURES, tcplabs } from './helpers.ts';

const SEEDS_CONF = new URL('../labs/sysctl-audit/seeds-sysctl.conf', import.meta.url).pathname;
const SEEDS_TEXT = readFileSync(SEEDS_CONF, 'utf8');
/** This machine's /proc/sys and the seeds' file applied in a fresh namespace (Linux 6.18, userns). */
const RECORDED = JSON.parse(readFileSync(path.join(FIXTURES, 'audit/seeds-facts.json'), 'utf8')) as AuditFacts;
const ENTRY_KEYS = ['line', 'key', 'value', 'exists', 'current', 'default', 'controls', 'problem'];

function byKey(entries: readonly AuditEntry[], key: string): AuditEntry {
  const found = entries.find((entry) => entry.key === key);
  if (!found) throw new Error(`no entry for ${key}`);
  return found;
}

/** Facts for a synthetic file: every key exists on the host with its value, no namespace. */
function hostOnly(values: Record<string, string>): AuditFacts {
  const host = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { exists: true, value }]));
  return { host, namespace: null, kernel: { synLinearTimeouts: 0 } };
}

describe('parseSysctlConf', () => {
  it('reads settings, comments, blanks and lines that are not settings', () => {
    const lines = parseSysctlConf(
      [
        '# a section header',
        '',
        '# what the key does',
        '; and more about it',
        'net.ipv4.tcp_syncookies = 1',
        'net/core/somaxconn=4096',
        '-net.ipv4.tcp_fin_timeout =  30 ',
        'net.ipv4.ip_local_port_range = 1024\t65000',
        'just words',
        '',
      ].join('\r\n'),
    );
    assert.deepEqual(
      lines.map((line) => line.kind),
      ['comment', 'blank', 'comment', 'comment', 'setting', 'setting', 'setting', 'setting', 'invalid'],
    );
    const [cookies, somaxconn, fin, range] = lines.filter((line): line is Setting => line.kind === 'setting');
    assert.equal(cookies?.comment, 'what the key does and more about it');
    assert.equal(cookies?.line, 5);
    assert.equal(somaxconn?.key, 'net.core.somaxconn');
    assert.equal(somaxconn?.comment, '');
    assert.deepEqual([fin?.key, fin?.value, fin?.ignoreErrors], ['net.ipv4.tcp_fin_timeout', '30', true]);
    assert.equal(range?.value, '1024\t65000');
  });

  it('attaches only the comment lines right above a key', () => {
    const lines = parseSysctlConf(
      [
        '# about the block',
        '',
        '# about syn_retries',
        'net.ipv4.tcp_syn_retries = 2',
        '#net.ipv4.tcp_synack_retries=2',
        'net.ipv4.tcp_keepalive_time = 1200',
      ].join('\n'),
    );
    const settings = lines.filter((line): line is Setting => line.kind === 'setting');
    assert.deepEqual(
      settings.map((s) => s.comment),
      ['about syn_retries', ''],
    );
    const disabled = lines.find((line) => line.kind === 'comment' && line.disabled);
    assert.equal(disabled?.line, 5);
  });

  it('says why a line is not a setting', () => {
    const why = auditableLines(
      parseSysctlConf(
        ['words only', '= 5', 'net.ipv4.tcp_syncookies =', 'net ipv4 x = 1', '../../etc/passwd = 1'].join('\n'),
      ),
    ).map((line) => (line.kind === 'invalid' ? line.why : 'setting'));
    assert.deepEqual(why, [
      'not a `key = value` line',
      "no key before '='",
      "no value after '=' for net.ipv4.tcp_syncookies",
      'the key "net ipv4 x" has spaces in it',
      '"../../etc/passwd" is not a sysctl key',
    ]);
  });

  it('maps keys to /proc/sys paths and refuses to climb out of it', () => {
    assert.equal(sysctlPath('net.ipv4.tcp_syncookies'), '/proc/sys/net/ipv4/tcp_syncookies');
    assert.equal(sysctlPath('net/ipv4/conf/eth0.100/forwarding'), '/proc/sys/net/ipv4/conf/eth0.100/forwarding');
    assert.throws(() => sysctlPath('net/../../etc/passwd'));
  });
});

describe('synGiveUp (tcp_write_timeout: the retry count or the time limit, whichever comes first)', () => {
  it('the textbook schedule: the waits double from 1 s, both limits on the same expiry', () => {
    assert.deepEqual(synGiveUp(6), { sentAtS: [0, 1, 3, 7, 15, 31, 63], gaveUpAtS: 127, limit: 'count' });
    assert.equal(synGiveUp(5).gaveUpAtS, 63);
    assert.deepEqual(synGiveUp(1), { sentAtS: [0, 1], gaveUpAtS: 3, limit: 'count' });
  });

  it('what the syn-retries lab measures: tcp_syn_retries=2 gives up at 7 s, with or without linear timeouts', () => {
    // The lab's textbook half (tcp_syn_linear_timeouts=0): SYNs at 0, 1, 3 s, ETIMEDOUT at 7 s.
    assert.deepEqual(synGiveUp(2, 0), { sentAtS: [0, 1, 3], gaveUpAtS: 7, limit: 'count' });
    // Its second half (the kernel's default 4): 6 SYNs 1 s apart, and still ETIMEDOUT at 7 s,
    // because the time limit (1 + 2 + 4 s) comes before the count (2 + 4 = 6 retransmissions).
    assert.deepEqual(synGiveUp(2, 4), { sentAtS: [0, 1, 2, 3, 4, 5], gaveUpAtS: 7, limit: 'time' });
  });

  it('both defaults (6 and 4): ten retransmissions, then ETIMEDOUT at 131 s, the count first', () => {
    assert.deepEqual(synGiveUp(6, 4), {
      sentAtS: [0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67],
      gaveUpAtS: 131,
      limit: 'count',
    });
  });

  it('past 120 s a wait stops doubling (TCP_RTO_MAX), and so does the time limit', () => {
    const eight = synGiveUp(8);
    assert.deepEqual(eight.sentAtS.slice(-3), [63, 127, 247]);
    assert.equal(eight.gaveUpAtS, 367);
  });
});

describe('judgeConf on the seeds recipe with recorded kernel facts', () => {
  const entries = judgeConf(parseSysctlConf(SEEDS_TEXT), RECORDED).map((judged) => judged.entry);

  it('flags exactly the lines with a mistake', () => {
    assert.equal(entries.length, 10);
    assert.deepEqual(
      entries.filter((entry) => entry.problem !== null).map((entry) => entry.key),
      [
        'net.ipv4.tcp_syn_retries',
        'net.ipv4.tcp_keepalive_time',
        'net.ipv4.tcp_fin_timeout',
        'net.ipv4.tcp_max_syn_backlog',
        'net.ipv4.tcp_syncookies',
        'net.ipv4.tcp_tw_reuse',
        'net.ipv4.tcp_tw_recycle',
      ],
    );
  });

  it('tcp_tw_recycle: gone since 4.12', () => {
    const recycle = byKey(entries, 'net.ipv4.tcp_tw_recycle');
    assert.deepEqual([recycle.exists, recycle.current, recycle.default], [false, null, null]);
    assert.match(recycle.problem ?? '', /removed in Linux 4\.12/);
  });

  it('syncookies defaults to 1, tcp_tw_reuse to 2, tcp_syn_retries to 6 (read in a fresh namespace)', () => {
    assert.match(
      byKey(entries, 'net.ipv4.tcp_syncookies').problem ?? '',
      /default is 0, but this kernel's default is 1/,
    );
    assert.match(byKey(entries, 'net.ipv4.tcp_tw_reuse').problem ?? '', /default is 0, but this kernel's default is 2/);
    const syn = byKey(entries, 'net.ipv4.tcp_syn_retries');
    assert.equal(syn.default, '6');
    assert.match(
      syn.problem ?? '',
      /default is 5, but this kernel's default is 6 \(5 was the default before Linux 3\.7\)/,
    );
    assert.match(syn.problem ?? '', /caps tcp_syn_retries at 127/);
    assert.match(
      syn.problem ?? '',
      /about 180 s.*2 retries give up after about 7 s, 5 retries give up after about 67 s.*before Linux 3\.1, whose first wait was 3 s/,
    );
  });

  it('tcp_fin_timeout bounds FIN-WAIT-2, not TIME-WAIT', () => {
    const fin = byKey(entries, 'net.ipv4.tcp_fin_timeout');
    assert.match(fin.problem ?? '', /does not touch TIME-WAIT/);
    assert.match(fin.controls ?? '', /orphaned FIN-WAIT-2/);
  });

  it('finds comments that disagree with their value', () => {
    assert.match(
      byKey(entries, 'net.ipv4.tcp_keepalive_time').problem ?? '',
      /it says 300 seconds, the line sets 1200 s/,
    );
    const backlog = byKey(entries, 'net.ipv4.tcp_max_syn_backlog');
    assert.match(backlog.problem ?? '', /default is 1024, but this kernel's default is 2048/);
    assert.match(backlog.problem ?? '', /it says 8192, the line sets 4096/);
  });

  it('leaves right lines alone, and takes a global key default from the table', () => {
    for (const key of ['net.ipv4.tcp_orphan_retries', 'net.ipv4.tcp_keepalive_probes', 'net.core.netdev_max_backlog']) {
      assert.equal(byKey(entries, key).problem, null, key);
    }
    const netdev = byKey(entries, 'net.core.netdev_max_backlog');
    assert.deepEqual([netdev.exists, netdev.current, netdev.default], [true, '1000', '1000']);
  });

  it('without a namespace, falls back to the table and still finds the mistakes', () => {
    const fallback = judgeConf(parseSysctlConf(SEEDS_TEXT), { ...RECORDED, namespace: null }).map((j) => j.entry);
    assert.equal(byKey(fallback, 'net.ipv4.tcp_syncookies').default, '1');
    assert.match(byKey(fallback, 'net.ipv4.tcp_tw_recycle').problem ?? '', /4\.12/);
    const backlog = byKey(fallback, 'net.ipv4.tcp_max_syn_backlog');
    assert.equal(backlog.default, null, 'the kernel sizes it; the table does not guess');
    assert.doesNotMatch(backlog.problem ?? '', /default is 1024/);
    assert.match(backlog.problem ?? '', /8192/);
  });
});

describe('judgeConf on small files', () => {
  it('comment claims in English and Chinese, right and wrong', () => {
    const text = [
      '# Turns SYN cookies on.',
      'net.ipv4.tcp_syncookies = 0',
      '# 默认为0，表示关闭',
      'net.ipv4.tcp_abort_on_overflow = 1',
      '# The default is 2 hours; set it to 10 minutes.',
      'net.ipv4.tcp_keepalive_time = 600',
      '# It bounds orphaned FIN-WAIT-2 only; TIME-WAIT stays 60 s.',
      'net.ipv4.tcp_fin_timeout = 30',
    ].join('\n');
    const facts = hostOnly({
      'net.ipv4.tcp_syncookies': '1',
      'net.ipv4.tcp_abort_on_overflow': '0',
      'net.ipv4.tcp_keepalive_time': '7200',
      'net.ipv4.tcp_fin_timeout': '60',
    });
    const problems = judgeConf(parseSysctlConf(text), facts).map((j) => j.entry.problem);
    assert.match(problems[0] ?? '', /turns the feature on, but the line sets 0/);
    assert.deepEqual(problems.slice(1), [null, null, null]);
  });

  it('a key set twice, a value the kernel refused, an unknown key', () => {
    const text = ['net.ipv4.tcp_syn_retries = 200', 'net.ipv4.no_such = 1', 'net.ipv4.tcp_syn_retries = 3'].join('\n');
    const facts: AuditFacts = {
      ...hostOnly({ 'net.ipv4.tcp_syn_retries': '6' }),
      namespace: [
        {
          line: 1,
          key: 'net.ipv4.tcp_syn_retries',
          before: '6',
          outcome: 'rejected',
          after: '6',
          error: 'Invalid argument',
        },
        {
          line: 2,
          key: 'net.ipv4.no_such',
          before: null,
          outcome: 'absent',
          after: null,
          error: 'No such file or directory',
        },
        { line: 3, key: 'net.ipv4.tcp_syn_retries', before: '6', outcome: 'accepted', after: '3', error: null },
      ],
    };
    const [first, unknown, last] = judgeConf(parseSysctlConf(text), facts).map((j) => j.entry);
    assert.match(first?.problem ?? '', /rejects 200 \(Invalid argument\).*set again to 3 on line 3/);
    assert.deepEqual([unknown?.exists, unknown?.controls], [false, null]);
    assert.match(unknown?.problem ?? '', /no such key on this kernel/);
    assert.equal(last?.problem, null);
  });
});

describe('tcplabs audit (the command, on the real kernel)', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tcplabs-audit-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("the seeds' recipe: exit 1, tcp_tw_recycle flagged, the JSON shape exact", async () => {
    const result = await tcplabs(['audit', '--json']);
    assert.equal(result.exitCode, 1, String(result.stderr));
    const report = JSON.parse(String(result.stdout)) as { file: string; entries: AuditEntry[] };
    assert.deepEqual(Object.keys(report), ['file', 'entries']);
    assert.equal(report.file, SEEDS_CONF);
    assert.equal(report.entries.length, 10);
    for (const entry of report.entries) assert.deepEqual(Object.keys(entry), ENTRY_KEYS);
    const recycle = byKey(report.entries, 'net.ipv4.tcp_tw_recycle');
    assert.equal(recycle.exists, false);
    assert.match(recycle.problem ?? '', /removed in Linux 4\.12/);
    const cookies = byKey(report.entries, 'net.ipv4.tcp_syncookies');
    assert.equal(cookies.default, '1', 'a fresh namespace starts with syncookies on');
    assert.match(cookies.problem ?? '', /default is 0/);
    assert.equal(byKey(report.entries, 'net.ipv4.tcp_keepalive_probes').problem, null);
  });

  it('a clean file: exit 0', async () => {
    const result = await tcplabs(['audit', path.join(FIXTURES, 'audit/clean.conf')]);
    assert.equal(result.exitCode, 0, String(result.stdout));
    assert.match(String(result.stdout), /No problems: all 5 lines are right/);
  });

  it('a missing file: exit 2 and one line on stderr', async () => {
    const missing = path.join(scratch, 'nope.conf');
    const result = await tcplabs(['audit', missing, '--json']);
    assert.equal(result.exitCode, 2);
    assert.equal(String(result.stdout), '');
    // execa strips the final newline: what is left must be exactly one line.
    assert.equal(String(result.stderr), `tcplabs: ${missing}: no such file`);
  });

  it('a directory: exit 2', async () => {
    const result = await tcplabs(['audit', scratch]);
    assert.equal(result.exitCode, 2);
    assert.match(String(result.stderr), /is a directory/);
  });

  it('garbage lines become entries with a problem; the kernel refuses bad values', async () => {
    const result = await tcplabs(['audit', path.join(FIXTURES, 'audit/garbage.conf'), '--json']);
    assert.equal(result.exitCode, 1, String(result.stderr));
    const { entries } = JSON.parse(String(result.stdout)) as { entries: AuditEntry[] };
    assert.equal(entries.length, 9);
    assert.deepEqual(
      entries.filter((entry) => entry.key === null).map((entry) => entry.line),
      [1, 2, 3, 4, 5],
    );
    assert.ok(entries.filter((entry) => entry.key === null).every((entry) => entry.problem !== null));
    assert.match(byKey(entries, 'net.ipv4.no_such_key_anywhere').problem ?? '', /no such key/);
    const banana = entries.find((entry) => entry.value === 'banana');
    assert.match(banana?.problem ?? '', /the kernel rejects banana \(Invalid argument\)/);
    assert.match(byKey(entries, 'net.ipv4.tcp_syn_retries').problem ?? '', /rejects 200/);
    assert.equal(byKey(entries, 'net.ipv4.tcp_keepalive_probes').problem, null);
  });

  it('binary junk is reported, not a crash', async () => {
    const junk = path.join(scratch, 'junk.conf');
    writeFileSync(junk, Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 11) % 256)));
    const result = await tcplabs(['audit', junk, '--json']);
    assert.doesNotMatch(String(result.stderr), /internal error/);
    assert.equal(result.exitCode, 1, String(result.stderr));
    const { entries } = JSON.parse(String(result.stdout)) as { entries: AuditEntry[] };
    assert.ok(entries.length > 0);
    assert.ok(entries.every((entry) => entry.problem !== null));
  });

  it('without a namespace: the same verdict, defaults from the table, said on stderr', async () => {
    const result = await tcplabs(['audit', '--json'], { env: { TCPLABS_SANDBOX: 'host' } });
    assert.equal(result.exitCode, 1);
    assert.match(String(result.stderr), /^tcplabs audit: defaults from tcplabs' table; values not tried/);
    const { entries } = JSON.parse(String(result.stdout)) as { entries: AuditEntry[] };
    assert.match(byKey(entries, 'net.ipv4.tcp_tw_recycle').problem ?? '', /4\.12/);
  });

  it('usage: one file at most; --help', async () => {
    const two = await tcplabs(['audit', 'a.conf', 'b.conf']);
    assert.equal(two.exitCode, 2);
    assert.match(String(two.stderr), /unexpected argument "b.conf"/);
    const help = await tcplabs(['audit', '--help']);
    assert.equal(help.exitCode, 0);
    assert.match(String(help.stdout), /Usage: tcplabs audit \[file\] \[--json\]/);
  });
});
