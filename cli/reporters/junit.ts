// A run as JUnit XML (one testcase per expectation) and as TAP, so a classroom CI (GitHub
// Classroom, GitLab) can grade a learner's check. An error that stopped the run is one
// failing testcase of its own.

import type { RunReport } from '../../checker/verdict.ts';

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .split('')
    .filter((char) => {
      // XML 1.0 allows no control characters but tab, newline and carriage return.
      const code = char.charCodeAt(0);
      return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
    })
    .join('');
}

export function junitXml(report: RunReport): string {
  const name = `${report.lab}${report.exercise ? `/${report.exercise}` : ''}`;
  const cases = report.expectations.map((e) => {
    const head = `    <testcase classname="${xml(name)}" name="${xml(`${e.id}: ${e.text}`)}">`;
    const body = e.ok
      ? ''
      : `\n      <failure message="${xml(e.observed)}">${xml(`saw: ${e.observed}${e.command ? `\n$ ${e.command}` : ''}`)}</failure>\n    `;
    return `${head}${body}</testcase>`;
  });
  if (report.error) {
    cases.push(
      `    <testcase classname="${xml(name)}" name="the run"><error message="${xml(report.error)}"/></testcase>`,
    );
  }
  const failures = report.expectations.filter((e) => !e.ok).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${cases.length}" failures="${failures}" errors="${report.error ? 1 : 0}">`,
    `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="${report.error ? 1 : 0}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function tapReport(report: RunReport): string {
  const lines = ['TAP version 13', `1..${report.expectations.length + (report.error ? 1 : 0)}`];
  report.expectations.forEach((e, i) => {
    lines.push(`${e.ok ? 'ok' : 'not ok'} ${i + 1} - ${e.id}: ${e.text}`);
    if (!e.ok) lines.push('  ---', `  saw: ${JSON.stringify(e.observed)}`, '  ...');
  });
  if (report.error) lines.push(`not ok ${report.expectations.length + 1} - the run: ${report.error.split('\n')[0]}`);
  return `${lines.join('\n')}\n`;
}
