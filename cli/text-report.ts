// The plain-text reporter for `run` and `check`: prints the run as it happens (steps, what
// the programs said, each state change the sampler saw, each expectation with the `ss`
// command to see it by hand), then the counters and the verdict.

import { renderSequenceDiagram } from '../checker/sequence-diagram.ts';
import type { Transition } from '../checker/timeline.ts';
import type { RunReport } from '../checker/verdict.ts';
import type { LabEvent } from '../labs/kit/runner.ts';
import type { Style } from './style.ts';

type Paint = (style: Style, text: string) => string;

export function formatMs(ms: number): string {
  return `+${(ms / 1000).toFixed(3)}s`;
}

export function formatTransition(t: Transition): string {
  const from = t.from ?? 'new';
  return `${t.role.padEnd(8)} ${t.local} ⇄ ${t.peer}  ${from} → ${t.to}`;
}

const STATE_STYLE: Record<string, Style> = {
  'CLOSE-WAIT': 'red',
  'TIME-WAIT': 'yellow',
  'FIN-WAIT-2': 'magenta',
  ESTAB: 'green',
  'SYN-RECV': 'red',
  CLOSED: 'dim',
};

export function createLivePrinter(write: (line: string) => void, paint: Paint): (event: LabEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'started':
        write(
          paint(
            'bold',
            `${event.lab}: ${event.mode === 'check' ? 'checking your program' : 'running'} in the ${event.sandbox} sandbox, port ${event.port}${event.fast ? ', fast mode' : ''}`,
          ),
        );
        if (event.pollOnly) write(paint('dim', `   no capture: the timeline is ${event.pollOnly}`));
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
          const mark = t.source === 'poll' ? paint('dim', ' (poll)') : '';
          write(
            `   ${paint('dim', formatMs(t.tMs))} ${paint('dim', 'kernel:')} ${paint(style, formatTransition(t))}${mark}`,
          );
        }
        break;
      case 'prediction': {
        const { outcome } = event;
        const verdict = outcome.right ? paint('green', '✓ right') : paint('red', `✗ it was ${outcome.answer}`);
        write(`   ${paint('bold', 'you said')} ${outcome.guess}: ${verdict} (${outcome.observed})`);
        break;
      }
      case 'expectation': {
        const { result } = event;
        write(`   ${result.ok ? paint('green', '✓') : paint('red', '✗')} ${result.text}`);
        write(`     ${paint('dim', 'saw:')} ${result.observed}`);
        if (result.command) write(`     ${paint('dim', 'try:')} ${result.command}`);
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

export function formatSummary(report: RunReport, paint: Paint, hintsShown = report.hints.length): string {
  const lines: string[] = [''];
  if (report.packets.length > 0) {
    lines.push(paint('bold', 'Packets (tcpdump inside the sandbox):'));
    const diagram = renderSequenceDiagram(report.packets, { serverPorts: [report.port], maxPackets: PACKETS_SHOWN });
    lines.push(...diagram.map((line) => (line ? `   ${line}` : line)), '');
  } else if (report.packetViewMissing) {
    lines.push(`${paint('bold', 'Packets:')} no packet view: ${report.packetViewMissing}`);
  }
  const moved = Object.entries(report.counters).filter(([name]) => /^(Tcp|TcpExt)/.test(name));
  if (moved.length > 0) {
    lines.push(paint('bold', 'Kernel counters that moved:'));
    lines.push(`   ${moved.map(([name, delta]) => `${name} ${delta > 0 ? '+' : ''}${delta}`).join('  ')}`);
  }
  if (report.timelineDoubts.length > 0) {
    lines.push(
      `${paint('yellow', 'timeline:')} ${report.timelineDoubts.length} change(s) the capture implied were contradicted by ss and left out (--json: timelineDoubts)`,
    );
  }
  if (report.predictions.length > 0) {
    const right = report.predictions.filter((p) => p.right).length;
    lines.push(paint('bold', `Predictions: ${right} of ${report.predictions.length} right`));
    for (const p of report.predictions) {
      const mark = p.right ? paint('green', '✓') : paint('red', '✗');
      lines.push(`   ${mark} ${p.question} you said ${p.guess}; the kernel showed: ${p.observed}`);
    }
  }
  if (report.error) lines.push(paint('red', `error: ${report.error}`));
  for (const hint of report.hints.slice(0, hintsShown)) lines.push(`${paint('yellow', 'hint:')} ${hint}`);
  const more = report.hints.length - hintsShown;
  if (more > 0) lines.push(paint('dim', `${more} more hint${more === 1 ? '' : 's'}: --hint ${hintsShown + 1}`));
  const passed = report.expectations.filter((e) => e.ok).length;
  const total = report.expectations.length;
  const label =
    report.verdict === 'pass'
      ? paint('green', 'PASS')
      : report.verdict === 'fail'
        ? paint('red', 'FAIL')
        : paint('red', 'ERROR');
  lines.push(
    `${paint('bold', label)}  ${report.lab}: ${passed}/${total} expectations held, ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}
