// The plain-text reporter for `run` and `check`: prints the run as it happens (steps, what
// the programs said, each state change the sampler saw, each expectation with the `ss`
// command to see it by hand), then the counters and the verdict. Its own words are in the
// TUI's catalogue (tui/words.ts, `report.*`), in the language chosen with --lang.

import { renderSequenceDiagram } from '../checker/sequence-diagram.ts';
import type { Transition } from '../checker/timeline.ts';
import type { RunReport } from '../checker/verdict.ts';
import type { LabEvent } from '../labs/kit/runner.ts';
import { cellWidth, padCells } from '../tui/styled-line.ts';
import { t as say } from '../tui/words.ts';
import type { Style } from './style.ts';

type Paint = (style: Style, text: string) => string;

export function formatMs(ms: number): string {
  return `+${(ms / 1000).toFixed(3)}s`;
}

export function formatTransition(t: Transition): string {
  const from = t.from ?? say('report.new');
  return `${padCells(t.role, Math.max(8, cellWidth(t.role)))} ${t.local} ⇄ ${t.peer}  ${from} → ${t.to}`;
}

const STATE_STYLE: Record<string, Style> = {
  'CLOSE-WAIT': 'red',
  'TIME-WAIT': 'yellow',
  'FIN-WAIT-2': 'magenta',
  ESTAB: 'green',
  'SYN-RECV': 'red',
  CLOSED: 'dim',
};

function startedLine(event: Extract<LabEvent, { type: 'started' }>): string {
  const where = { lab: event.lab, sandbox: event.sandbox, port: event.port };
  const head = say(event.mode === 'check' ? 'report.checking' : 'report.started', where);
  return `${head}${event.fast ? say('report.fast') : ''}`;
}

export function createLivePrinter(write: (line: string) => void, paint: Paint): (event: LabEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'started':
        write(paint('bold', startedLine(event)));
        if (event.pollOnly) write(paint('dim', say('report.pollOnly', { why: event.pollOnly })));
        break;
      case 'step':
        if (event.status === 'running') write(paint('cyan', `\n${event.index + 1}. ${event.title}`));
        break;
      case 'event':
        write(
          `   ${paint('dim', formatMs(event.event.tMs))} ${event.event.source}: ${stripRole(event.event.text, event.event.source)}`,
        );
        break;
      case 'sample':
        for (const t of event.transitions) {
          const style = STATE_STYLE[t.to] ?? 'bold';
          // Wire changes are the norm; a change only the poll saw says so, quietly.
          const mark = t.source === 'poll' ? paint('dim', say('report.poll')) : '';
          write(
            `   ${paint('dim', formatMs(t.tMs))} ${paint('dim', say('report.kernel'))} ${paint(style, formatTransition(t))}${mark}`,
          );
        }
        break;
      case 'prediction': {
        const { outcome } = event;
        const verdict = outcome.right
          ? paint('green', say('report.right'))
          : paint('red', say('report.wrong', { answer: outcome.answer }));
        write(`   ${paint('bold', say('report.youSaid'))} ${outcome.guess}: ${verdict} (${outcome.observed})`);
        break;
      }
      case 'expectation': {
        const { result } = event;
        write(`   ${result.ok ? paint('green', '✓') : paint('red', '✗')} ${result.text}`);
        write(`     ${paint('dim', say('report.saw'))} ${result.observed}`);
        if (result.command) write(`     ${paint('dim', say('report.try'))} ${result.command}`);
        break;
      }
      default:
        break;
    }
  };
}

/** Programs already prefix their lines with "server:" — do not say it twice. */
function stripRole(text: string, source: string): string {
  return text.startsWith(`${source}: `) ? text.slice(source.length + 2) : text;
}

/** The text report draws this many segments at most; --json has them all. */
const PACKETS_SHOWN = 80;

function packetLines(report: RunReport, paint: Paint): string[] {
  if (report.packets.length > 0) {
    const diagram = renderSequenceDiagram(report.packets, { serverPorts: [report.port], maxPackets: PACKETS_SHOWN });
    return [paint('bold', say('report.packets')), ...diagram.map((line) => (line ? `   ${line}` : line)), ''];
  }
  if (!report.packetViewMissing) return [];
  const why = say('report.noPacketView', { why: report.packetViewMissing });
  return [`${paint('bold', say('report.packetsMissing'))} ${why}`];
}

function predictionLines(report: RunReport, paint: Paint): string[] {
  if (report.predictions.length === 0) return [];
  const right = report.predictions.filter((p) => p.right).length;
  return [
    paint('bold', say('report.predictions', { right, total: report.predictions.length })),
    ...report.predictions.map((p) => {
      const mark = p.right ? paint('green', '✓') : paint('red', '✗');
      return `   ${mark} ${say('report.prediction', { question: p.question, guess: p.guess, observed: p.observed })}`;
    }),
  ];
}

function hintLines(report: RunReport, paint: Paint, hintsShown: number): string[] {
  const lines = report.hints.slice(0, hintsShown).map((hint) => `${paint('yellow', say('report.hint'))} ${hint}`);
  const more = report.hints.length - hintsShown;
  const next = hintsShown + 1;
  if (more === 1) lines.push(paint('dim', say('report.moreHint', { next })));
  else if (more > 1) lines.push(paint('dim', say('report.moreHints', { n: more, next })));
  return lines;
}

export function formatSummary(report: RunReport, paint: Paint, hintsShown = report.hints.length): string {
  const lines: string[] = ['', ...packetLines(report, paint)];
  const moved = Object.entries(report.counters).filter(([name]) => /^(Tcp|TcpExt)/.test(name));
  if (moved.length > 0) {
    lines.push(paint('bold', say('report.counters')));
    lines.push(`   ${moved.map(([name, delta]) => `${name} ${delta > 0 ? '+' : ''}${delta}`).join('  ')}`);
  }
  if (report.timelineDoubts.length > 0) {
    const doubts = say('report.doubts', { n: report.timelineDoubts.length });
    lines.push(`${paint('yellow', say('report.timeline'))} ${doubts}`);
  }
  lines.push(...predictionLines(report, paint));
  if (report.error) lines.push(paint('red', say('report.error', { error: report.error })));
  lines.push(...hintLines(report, paint, hintsShown));
  const passed = report.expectations.filter((e) => e.ok).length;
  const total = report.expectations.length;
  // PASS, FAIL and ERROR as the JSON report and CI logs spell them, in every language.
  const label =
    report.verdict === 'pass'
      ? paint('green', say('badge.pass'))
      : report.verdict === 'fail'
        ? paint('red', say('badge.fail'))
        : paint('red', say('badge.error'));
  const time = (report.durationMs / 1000).toFixed(1);
  lines.push(`${paint('bold', label)}  ${say('report.held', { lab: report.lab, passed, total, time })}`);
  return lines.join('\n');
}
