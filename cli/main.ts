// The `tcplabs` command line: parses arguments, dispatches to a command, maps the outcome
// to an exit code (0 pass, 1 fail, 2 error), and stops cleanly on SIGINT/SIGTERM.

import { parseArgs } from 'node:util';
import { chooseLang, setLang } from '../i18n/lang.ts';
import { isLabError } from '../labs/kit/errors.ts';
import { SANDBOX_MODES, type SandboxMode } from '../labs/kit/sandbox.ts';
import { type CommandIo, makeIo } from './io.ts';
import { COMMAND_HELP, MAIN_HELP } from './usage.ts';
import { cliWords } from './words.ts';

class UsageError extends Error {}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      fast: { type: 'boolean', default: false },
      server: { type: 'string' },
      client: { type: 'string' },
      exercise: { type: 'string' },
      watch: { type: 'boolean', default: false },
      hint: { type: 'string' },
      junit: { type: 'string' },
      tap: { type: 'string' },
      diff: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      predict: { type: 'boolean', default: false },
      answer: { type: 'string' },
      lang: { type: 'string' },
      pcap: { type: 'string' },
      sandbox: { type: 'string' },
      port: { type: 'string' },
      once: { type: 'boolean', default: false },
      processes: { type: 'boolean', short: 'p', default: false },
      interval: { type: 'string' },
      version: { type: 'boolean', default: false },
    },
  });
}

function positiveInt(text: string | undefined, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < 1 || value > max) {
    throw new UsageError(
      text === undefined
        ? cliWords('usage.wholeNumber', { what, max })
        : cliWords('usage.wholeNumberNot', { what, max, text }),
    );
  }
  return value;
}

/** `--server FILE` or `--client FILE`: the learner's program and the role it plays. */
function learnerFlag(values: { server?: string; client?: string }): { role: string; file: string } | null {
  if (values.server && values.client) throw new UsageError(cliWords('usage.oneProgram'));
  if (values.server) return { role: 'server', file: values.server };
  if (values.client) return { role: 'client', file: values.client };
  return null;
}

type Values = ReturnType<typeof parse>['values'];

/** The one lab id a command takes. */
function oneLab(command: string, rest: readonly string[]): string {
  const labId = rest[0];
  if (!labId) throw new UsageError(cliWords('usage.needsLab', { command }));
  if (rest.length > 1) throw new UsageError(cliWords('usage.unexpected', { arg: rest[1] as string }));
  return labId;
}

async function runOrCheck(command: 'run' | 'check', rest: readonly string[], values: Values, io: CommandIo) {
  if (values.all) {
    if (command !== 'run' || rest.length > 0) throw new UsageError(cliWords('usage.all'));
    const { runAllCommand } = await import('./commands/run-all.ts');
    return runAllCommand({ fast: values.fast, sandbox: values.sandbox as SandboxMode | undefined }, io);
  }
  const labId = oneLab(command, rest);
  const learner = learnerFlag(values);
  if (command === 'check' && !learner) throw new UsageError(cliWords('usage.checkNeedsProgram'));
  if (command === 'run' && learner) throw new UsageError(cliWords('usage.belongsToCheck', { role: learner.role }));
  if (command === 'run' && (values.watch || values.diff)) throw new UsageError(cliWords('usage.watchDiff'));
  if (values.sandbox && !(SANDBOX_MODES as readonly string[]).includes(values.sandbox)) {
    throw new UsageError(cliWords('usage.sandbox', { modes: SANDBOX_MODES.join(', ') }));
  }
  const options = {
    labId,
    mode: command === 'check' ? ('check' as const) : ('demo' as const),
    fast: values.fast,
    learnerFile: learner?.file,
    learnerRole: learner?.role,
    exercise: values.exercise,
    sandbox: values.sandbox as SandboxMode | undefined,
    pcapFile: values.pcap,
    hints: values.hint === undefined ? 1 : positiveInt(values.hint, '--hint', 99),
    junitFile: values.junit,
    tapFile: values.tap,
    diff: values.diff,
    predict: values.predict,
  };
  if (values.watch) {
    const { checkWatchCommand } = await import('./commands/check-watch.ts');
    return checkWatchCommand(options, io);
  }
  const { runCommand } = await import('./commands/run.ts');
  return runCommand(options, io);
}

type CommandRunner = (rest: readonly string[], values: Values, io: CommandIo) => Promise<number>;

/** No positional argument after the command. */
function noArguments(rest: readonly string[]): void {
  if (rest.length > 0) throw new UsageError(cliWords('usage.unexpected', { arg: rest[0] as string }));
}

/** At most one positional argument; returns it. */
function atMostOne(rest: readonly string[]): string | undefined {
  if (rest.length > 1) throw new UsageError(cliWords('usage.unexpected', { arg: rest[1] as string }));
  return rest[0];
}

/** Each command: its arguments checked, its module loaded only when it runs. */
const COMMAND_RUNNERS: Record<string, CommandRunner> = {
  list: async (rest, _values, io) => {
    noArguments(rest);
    return (await import('./commands/list.ts')).listCommand(io);
  },
  show: async (rest, values, io) =>
    (await import('./commands/show.ts')).showCommand({ labId: oneLab('show', rest), fast: values.fast }, io),
  run: (rest, values, io) => runOrCheck('run', rest, values, io),
  check: (rest, values, io) => runOrCheck('check', rest, values, io),
  exercise: async (rest, values, io) => {
    const options = { labId: oneLab('exercise', rest), exercise: values.exercise, force: values.force };
    return (await import('./commands/exercise.ts')).exerciseCommand(options, io);
  },
  interview: async (rest, values, io) =>
    (await import('./commands/interview.ts')).interviewCommand({ pick: atMostOne(rest), answer: values.answer }, io),
  workshop: async (rest, _values, io) => {
    const file = atMostOne(rest);
    if (!file) throw new UsageError(cliWords('usage.workshopFile'));
    return (await import('./commands/workshop.ts')).workshopCommand({ file }, io);
  },
  progress: async (rest, _values, io) => {
    noArguments(rest);
    return (await import('./commands/progress.ts')).progressCommand(io);
  },
  doctor: async (rest, _values, io) => {
    noArguments(rest);
    return (await import('./commands/doctor.ts')).doctorCommand(io);
  },
  watch: async (rest, values, io) => {
    noArguments(rest);
    const port = positiveInt(values.port, '--port', 65535);
    const intervalMs = values.interval === undefined ? 50 : positiveInt(values.interval, '--interval', 60_000);
    const options = { port, once: values.once, intervalMs, processes: values.processes };
    return (await import('./commands/watch.ts')).watchCommand(options, io);
  },
  audit: async (rest, _values, io) => (await import('./commands/audit.ts')).auditCommand({ file: atMostOne(rest) }, io),
};

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] as string);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  try {
    setLang(chooseLang(values.lang));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.version) {
    process.stdout.write('tcplabs 0.1.0\n');
    return 0;
  }
  if (command === undefined) {
    if (values.help) {
      process.stdout.write(`${MAIN_HELP}\n`);
      return 0;
    }
    const { startInteractive } = await import('./interactive.ts');
    return startInteractive({ json: values.json });
  }
  if (!(command in COMMAND_RUNNERS) && command !== 'help')
    throw new UsageError(cliWords('usage.unknownCommand', { command }));
  if (command === 'help') {
    const topic = rest[0];
    process.stdout.write(`${topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : MAIN_HELP}\n`);
    return 0;
  }
  if (values.help) {
    process.stdout.write(`${COMMAND_HELP[command]}\n`);
    return 0;
  }

  const controller = new AbortController();
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (name: NodeJS.Signals) => {
    if (signalled) return;
    signalled = name;
    process.stderr.write(`\ntcplabs: ${name}, stopping and cleaning up…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io = makeIo(values.json, controller.signal);

  const code = await (COMMAND_RUNNERS[command] as CommandRunner)(rest, values, io);
  if (signalled) return signalled === 'SIGINT' ? 130 : 143;
  return code;
}

// `tcplabs list | head`: the reader left; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`tcplabs: ${error.message} ${cliWords('usage.seeHelp')}\n`);
    process.exitCode = 2;
  } else if (isLabError(error)) {
    process.stderr.write(`tcplabs: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(
      `tcplabs: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  }
}
