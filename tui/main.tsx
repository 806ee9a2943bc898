// `tcplabs` in a terminal: the full-screen app. Loads the labs, enters the alternate
// screen, renders, and — however the app ends (q, Ctrl-C twice, SIGTERM, SIGHUP, an
// uncaught error) — stops every run, restores the terminal, and only then prints an error.

import { render } from 'ink';
import type { Agenda } from '../cli/agenda.ts';
import { type LabListing, listLabs } from '../cli/commands/list.ts';
import { getLang, setLang } from '../i18n/lang.ts';
import { ProgressStore } from '../labs/kit/progress.ts';
import type { SandboxChoice } from '../labs/kit/sandbox.ts';
import { AlternateScreen } from './alternate-screen.ts';
import { App } from './app.tsx';
import { Interrupts } from './interrupts.ts';
import { SessionTracker } from './session-tracker.ts';
import { langFlagGiven, readSettings, settingsPath } from './settings.ts';
import { t } from './words.ts';

/** How long quitting may wait for runs to clean up before it exits anyway. */
const CLEANUP_DEADLINE_MS = 10_000;

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export interface TuiStart {
  labs: readonly LabListing[];
  sandbox: SandboxChoice;
  /** `tcplabs workshop FILE`: the home screen is this agenda. */
  agenda?: Agenda;
}

/**
 * The language L chose last time, unless --lang was given (the CLI has set the language from
 * the flag or the locale by now). The labs were listed in the locale's language: list them
 * again when the saved choice differs.
 */
async function savedLanguage(labs: readonly LabListing[], file: string): Promise<readonly LabListing[]> {
  const saved = readSettings(file).lang;
  if (!saved || saved === getLang() || langFlagGiven()) return labs;
  setLang(saved);
  return listLabs();
}

export async function startTui({ labs: listed, sandbox, agenda }: TuiStart): Promise<number> {
  const progress = new ProgressStore();
  const settingsFile = settingsPath(progress.file);
  const labs = await savedLanguage(listed, settingsFile);
  const tracker = new SessionTracker();
  const interrupts = new Interrupts();
  const screen = new AlternateScreen(process.stdout, process.stdin);

  let signalled: NodeJS.Signals | null = null;
  const onTerminate = (signal: NodeJS.Signals) => {
    if (signalled) {
      // A second SIGTERM: do not wait any longer. The sandbox dies with us (pdeathsig).
      screen.restore();
      process.exit(signal === 'SIGHUP' ? 129 : 143);
    }
    signalled = signal;
    interrupts.emit('terminate');
  };
  // `kill -INT` (a keyboard Ctrl-C arrives as a key in raw mode) means what Ctrl-C means.
  const onInterrupt = () => interrupts.emit('interrupt');
  const onFatal = (error: unknown) => {
    screen.restore();
    process.stderr.write(`${t('notice.internalError', { error: describe(error) })}\n`);
    process.exit(2);
  };
  // Every way the process can end restores the screen; the same list is removed at the end.
  const handlers: Array<[string, Parameters<typeof process.off>[1]]> = [
    ['SIGTERM', onTerminate],
    ['SIGHUP', onTerminate],
    ['SIGINT', onInterrupt],
    ['uncaughtException', onFatal],
    ['unhandledRejection', onFatal],
    ['exit', screen.restore],
  ];
  for (const [event, handler] of handlers) process.on(event, handler);

  // Loaded after the first frame, with the checks it runs.
  const doctor = () =>
    import('../cli/commands/doctor.ts').then(({ diagnose }) => diagnose()).then((report) => report.problems);
  screen.enter();
  // Raw at once: Ink turns raw mode on only after its first frame, and keys typed in
  // between would be echoed over the screen (they are still read, and handled, after).
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  let failure: unknown = null;
  try {
    const app = render(
      <App
        labs={labs}
        agenda={agenda}
        sandbox={sandbox.mode}
        doctor={doctor}
        progress={progress}
        settingsFile={settingsFile}
        tracker={tracker}
        interrupts={interrupts}
      />,
      { exitOnCtrlC: false },
    );
    await app.waitUntilExit();
  } catch (error) {
    failure = error;
  }
  // Whatever ended the app, no run outlives it.
  let deadline: NodeJS.Timeout | undefined;
  await Promise.race([
    tracker.stopAll(),
    new Promise((resolve) => {
      deadline = setTimeout(resolve, CLEANUP_DEADLINE_MS);
    }),
  ]);
  clearTimeout(deadline);
  screen.restore();
  for (const [event, handler] of handlers) process.off(event, handler);
  if (failure) {
    process.stderr.write(`${t('notice.internalError', { error: describe(failure) })}\n`);
    return 2;
  }
  if (signalled) return signalled === 'SIGHUP' ? 129 : 143;
  return 0;
}
