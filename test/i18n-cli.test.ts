// The command line in Chinese: --lang zh (or a zh_* locale) turns the error lines and the
// command's own words Chinese; JSON keeps its English keys and ids and says its language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliMessages, cliWords } from '../cli/words.ts';
import { hasHan, missingKeys } from '../i18n/catalog.ts';
import { chooseLang, localeLang } from '../i18n/lang.ts';
import { tcplabs } from './helpers.ts';

describe('the command line in Chinese', () => {
  it('its catalogue has the same keys in both languages, and Chinese in every zh value', () => {
    assert.deepEqual(missingKeys(cliMessages), { en: [], zh: [] });
    for (const [key, value] of Object.entries(cliMessages.zh)) assert.ok(hasHan(value), `${key}: ${value}`);
    assert.equal(cliWords('usage.unknownCommand', { command: 'x' }), 'unknown command "x"');
  });

  it('the language: --lang first, then LC_ALL, LC_MESSAGES, LANG', () => {
    assert.equal(chooseLang('zh', { LANG: 'en_US.UTF-8' }), 'zh');
    assert.equal(chooseLang(undefined, { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US' }), 'zh');
    assert.equal(localeLang({ LC_MESSAGES: 'zh_TW', LANG: 'C' }), 'zh');
    assert.equal(localeLang({ LANG: 'C.UTF-8' }), 'en');
    assert.throws(() => chooseLang('fr'), /--lang must be one of en, zh/);
  });

  it('error lines: one line, exit 2, in Chinese, from --lang or the locale', async () => {
    const byFlag = await tcplabs(['show', 'no-such-lab', '--lang', 'zh']);
    assert.equal(byFlag.exitCode, 2);
    assert.match(byFlag.stderr, /^tcplabs: 没有名为 "no-such-lab" 的实验；现有的实验：close-wait-leak, /);
    const byLocale = await tcplabs(['run'], { env: { LANG: 'zh_CN.UTF-8' } });
    assert.equal(byLocale.exitCode, 2);
    assert.ok(hasHan(byLocale.stderr), byLocale.stderr);
    const bad = await tcplabs(['list', '--lang', 'fr']);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /--lang must be one of en, zh, not "fr"/);
  });

  it('JSON keeps English keys and ids; the report says its language', async () => {
    const result = await tcplabs(['check', 'close-wait-leak', '--server', 'no-such-file.ts', '--json', '--lang', 'zh']);
    assert.equal(result.exitCode, 2);
    const report = JSON.parse(result.stdout);
    assert.equal(report.lang, 'zh');
    assert.equal(report.verdict, 'error');
    assert.match(report.error, /no-such-file\.ts：文件不存在/);
  });
});
