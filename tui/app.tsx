// The app: which screen shows, the help page, the size gate, and the one place that
// decides to exit. Ctrl-C stops a running lab (the run's processes are all killed and
// the lab screen says "stopped"); a second Ctrl-C — or one with nothing running — quits.
// Quitting always waits until every run has cleaned up. L switches the language: every
// screen is drawn again in it, the labs are listed again and an open lab is loaded again
// (their texts come translated from there), and the choice is saved for the next start.
// `i` on home opens the interview questions; their runs are tracked and stopped like a lab's.

import { Box, type Key, Text, useApp, useInput, useStdin } from 'ink';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Agenda } from '../cli/agenda.ts';
import { type LabListing, listLabs } from '../cli/commands/list.ts';
import { getLang, setLang } from '../i18n/lang.ts';
import type { Lab } from '../labs/kit/lab.ts';
import type { ProgressStore } from '../labs/kit/progress.ts';
import type { Interrupts } from './interrupts.ts';
import { useInterviewRuns } from './interview-runs.ts';
import { KeyRouter, KeyRouterContext, splitTyped } from './keys.tsx';
import { LabSession, type Runner } from './lab-session.ts';
import { MIN_COLUMNS, MIN_ROWS } from './layout.ts';
import { type OpenedLab, openLab as openLabFromDisk } from './open-lab.ts';
import { HelpScreen } from './screens/help-screen.tsx';
import { type DoctorSummary, HomeScreen } from './screens/home-screen.tsx';
import { InterviewScreen } from './screens/interview-screen.tsx';
import { LabScreen } from './screens/lab-screen.tsx';
import { TooSmallScreen } from './screens/too-small-screen.tsx';
import { SessionTracker } from './session-tracker.ts';
import { settingsPath, writeSettings } from './settings.ts';
import { colourWanted, makeTheme, ThemeContext } from './theme.tsx';
import { useTerminalSize } from './use-terminal-size.ts';
import { otherLang, t } from './words.ts';

export type QuitReason = 'key' | 'ctrl-c' | 'signal';

export interface AppProps {
  labs: readonly LabListing[];
  /** A workshop's agenda: the home screen lists it, and each lab opens in its modes. */
  agenda?: Agenda;
  /** The sandbox mode labs use here. */
  sandbox: string;
  /**
   * Finds `tcplabs doctor`'s problems (the home header shows the first). Called after the
   * first frame: it starts a handful of processes, which would delay that frame.
   */
  doctor?: () => Promise<Array<{ what: string; fix: string }>>;
  progress: ProgressStore;
  openLab?: (id: string) => Promise<OpenedLab>;
  /** runLab, unless a benchmark feeds the screen itself. */
  runner?: Runner;
  tracker?: SessionTracker;
  interrupts?: Interrupts;
  /** Defaults to NO_COLOR's verdict. */
  colour?: boolean;
  /** Called once, after every run has stopped, just before the app exits. */
  onQuit?: (reason: QuitReason) => void;
  /** Lists the labs again, in the language just chosen (listLabs by default). */
  relist?: () => Promise<readonly LabListing[]>;
  /** Where L's choice is saved: tui.json beside the progress file by default. */
  settingsFile?: string;
  /** The labs whose interview questions `i` lists (the registry's by default). */
  interviewLabs?: () => Promise<readonly Lab[]>;
}

/** The agenda's labs, in its order. */
function agendaListing(agenda: Agenda, labs: readonly LabListing[]): LabListing[] {
  return agenda.items.flatMap((item) => labs.filter((lab) => lab.id === item.lab));
}

export function App(props: AppProps) {
  const { progress } = props;
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { columns, rows } = useTerminalSize();
  const [projector, setProjector] = useState(false);
  const theme = useMemo(() => makeTheme(props.colour ?? colourWanted(), projector), [props.colour, projector]);
  const tracker = useMemo(() => props.tracker ?? new SessionTracker(), [props.tracker]);
  const keys = useMemo(() => new KeyRouter(), []);
  const [session, setSession] = useState<LabSession | null>(null);
  const [help, setHelp] = useState(false);
  const [interview, setInterview] = useState(false);
  const interviewRuns = useInterviewRuns(tracker, props.runner);
  const [quitting, setQuitting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [lastLab, setLastLab] = useState<string | undefined>(props.agenda?.items[0]?.lab);
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());
  const [doctor, setDoctor] = useState<DoctorSummary>({ state: props.doctor ? 'checking' : 'done', problems: [] });
  // The language lives in i18n/lang.ts; this state only makes a switch redraw everything.
  const [, setLangShown] = useState(getLang);
  const [labs, setLabs] = useState(props.labs);
  const [settingsProblem, setSettingsProblem] = useState<string | null>(null);
  useSyncExternalStore(progress.subscribe, () => progress.version);

  const sessionRef = useRef(session);
  sessionRef.current = session;
  const quittingRef = useRef(false);

  useEffect(() => {
    let live = true;
    props.doctor?.().then(
      (problems) => live && setDoctor({ state: 'done', problems }),
      () => live && setDoctor({ state: 'failed', problems: [] }),
    );
    return () => {
      live = false;
    };
  }, [props.doctor]);

  const quit = useCallback(
    async (reason: QuitReason) => {
      if (quittingRef.current) return;
      quittingRef.current = true;
      setQuitting(true);
      await tracker.stopAll();
      props.onQuit?.(reason);
      exit();
    },
    [tracker, exit, props.onQuit],
  );

  const interrupt = useCallback(() => {
    const current = sessionRef.current ?? interviewRuns.current.current;
    if (!quittingRef.current && current?.running && current.getState().run.status !== 'stopping') current.stop();
    else void quit('ctrl-c');
  }, [quit, interviewRuns]);

  useEffect(
    () => props.interrupts?.subscribe((kind) => (kind === 'interrupt' ? interrupt() : void quit('signal'))),
    [props.interrupts, interrupt, quit],
  );

  // Each switch outdates the reloads of the one before (L pressed twice quickly).
  const switches = useRef(0);
  const switchLang = useCallback(() => {
    const next = otherLang(getLang());
    setLang(next);
    setLangShown(next);
    try {
      writeSettings(props.settingsFile ?? settingsPath(progress.file), { lang: next });
      setSettingsProblem(null);
    } catch (error) {
      setSettingsProblem(t('notice.langNotSaved', { error: (error as Error).message }));
    }
    const asked = ++switches.current;
    const current = () => switches.current === asked;
    // A listing or lab that fails to load again keeps its old words: the screen stays usable.
    (props.relist ?? listLabs)().then(
      (fresh) => current() && setLabs(fresh),
      () => {},
    );
    const opened = sessionRef.current;
    if (opened) {
      (props.openLab ?? openLabFromDisk)(opened.lab.id).then(
        ({ lab, lesson }) => current() && opened.relabel(lab, lesson),
        () => {},
      );
    }
  }, [props.settingsFile, props.relist, props.openLab, progress]);

  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  // Ink re-subscribes a changed input handler only in a passive effect, which can lag a
  // render by a good 100 ms; so the handler stays the same and reads the latest state.
  const latest = useRef({ tooSmall, interrupt, quit, switchLang });
  useLayoutEffect(() => {
    latest.current = { tooSmall, interrupt, quit, switchLang };
  });
  const onKey = useCallback(
    (input: string, key: Key) => {
      for (const [one, itsKey] of splitTyped(input, key)) {
        if (itsKey.ctrl && one === 'c') latest.current.interrupt();
        else if (latest.current.tooSmall) {
          if (one === 'q') void latest.current.quit('key');
          else if (one === 'L') latest.current.switchLang();
        } else keys.dispatch(one, itsKey);
      }
    },
    [keys],
  );
  useInput(onKey, { isActive: isRawModeSupported });

  const open = useCallback(
    async (id: string) => {
      setNotice(null);
      try {
        const { lab, lesson } = await (props.openLab ?? openLabFromDisk)(id);
        const opened = new LabSession(
          lab,
          lesson,
          props.runner,
          (report) =>
            progress.record(lab.id, report.mode, report.verdict, {
              stopped: report.error === 'stopped',
              exercise: report.exercise ?? undefined,
              hintsShown: Math.min(1, report.hints.length),
            }),
          (report, shown) => progress.hintsUsed(lab.id, report.exercise, shown),
        );
        const item = props.agenda?.items.find((i) => i.lab === id);
        if (item) opened.preset({ fast: item.fast, stepMode: item.step, predictMode: item.predict });
        tracker.add(opened);
        setLastLab(id);
        setSession(opened);
      } catch (error) {
        setNotice(t('notice.cannotOpen', { id, error: error instanceof Error ? error.message : String(error) }));
      }
    },
    [props.openLab, props.runner, props.agenda, progress, tracker],
  );

  const back = useCallback(() => {
    const leaving = sessionRef.current;
    setSession(null);
    if (leaving) tracker.retire(leaving);
    // In a workshop, a lab the room has been through is done; the next one is highlighted.
    const items = props.agenda?.items ?? [];
    if (leaving && items.some((i) => i.lab === leaving.lab.id)) {
      const ran = leaving.getState().run.report !== null;
      if (ran) setDone((d) => new Set([...d, leaving.lab.id]));
      const at = items.findIndex((i) => i.lab === leaving.lab.id);
      if (ran && items[at + 1]) setLastLab(items[at + 1]?.lab);
    }
  }, [tracker, props.agenda]);

  // One row shorter than the terminal: a full-height frame makes Ink redraw everything.
  const height = rows - 1;
  const problems = [progress.problem, settingsProblem].filter(Boolean).join(' · ') || null;
  let content: React.ReactNode;
  if (tooSmall) {
    content = <TooSmallScreen columns={columns} rows={rows} />;
  } else {
    const active = !help && !quitting;
    content = (
      <>
        {quitting && tracker.running ? <Text>{t('notice.stopping')}</Text> : null}
        {help ? (
          <HelpScreen width={columns} height={height} onClose={() => setHelp(false)} onLang={switchLang} />
        ) : null}
        <Box display={help || quitting ? 'none' : 'flex'} flexDirection="column">
          {session ? (
            <LabScreen
              key={session.lab.id}
              session={session}
              sandbox={props.sandbox}
              width={columns}
              height={height}
              onBack={back}
              onQuit={() => void quit('key')}
              onHelp={() => setHelp(true)}
              projector={projector}
              onProjector={() => setProjector((on) => !on)}
              onLang={switchLang}
              active={active}
              appNotice={problems}
            />
          ) : interview ? (
            <InterviewScreen
              width={columns}
              height={height}
              active={active}
              runs={interviewRuns}
              loadLabs={props.interviewLabs}
              onSave={(id, answer) => progress.interviewed(id, answer)}
              onBack={() => setInterview(false)}
              onQuit={() => void quit('key')}
              onHelp={() => setHelp(true)}
              onLang={switchLang}
            />
          ) : (
            <HomeScreen
              key={lastLab}
              labs={props.agenda ? agendaListing(props.agenda, labs) : labs}
              agenda={props.agenda ? { agenda: props.agenda, done } : undefined}
              sandbox={props.sandbox}
              doctor={doctor}
              status={(id) => progress.status(id)}
              progress={(id) => progress.entry(id)}
              notice={[problems, notice].filter(Boolean).join(' · ') || null}
              width={columns}
              height={height}
              initialSelection={lastLab}
              onOpen={(id) => void open(id)}
              onQuit={() => void quit('key')}
              onHelp={() => setHelp(true)}
              onInterview={() => setInterview(true)}
              onLang={switchLang}
              active={active}
            />
          )}
        </Box>
      </>
    );
  }
  return (
    <ThemeContext.Provider value={theme}>
      <KeyRouterContext.Provider value={keys}>{content}</KeyRouterContext.Provider>
    </ThemeContext.Provider>
  );
}
