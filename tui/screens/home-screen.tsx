// Home: the labs grouped by topic, one line each with the learner's status; labs that
// cannot run here are greyed with the reason. ↑/↓ or j/k move, / filters as you type,
// Enter opens the highlighted lab, i opens the interview questions.

import { Box, type Key } from 'ink';
import type { Agenda, AgendaItem } from '../../cli/agenda.ts';
import type { LabListing } from '../../cli/commands/list.ts';
import { TOPIC_TITLES, type Topic } from '../../labs/kit/lab.ts';
import type { LabProgress, LabStatus } from '../../labs/kit/progress.ts';
import { Lines } from '../components/lines.tsx';
import { useKeys } from '../keys.tsx';
import { cellWidth, padCells, type StyledLine, wrapSegments } from '../styled-line.ts';
import { editText } from '../text-input.ts';
import { useLiveState } from '../use-live-state.ts';
import { t, topicTitle } from '../words.ts';

export interface DoctorSummary {
  state: 'checking' | 'done' | 'failed';
  problems: Array<{ what: string; fix: string }>;
}

export interface HomeScreenProps {
  labs: readonly LabListing[];
  /** A workshop: the labs in the agenda's order, what each runs as, and which are done. */
  agenda?: { agenda: Agenda; done: ReadonlySet<string> };
  sandbox: string;
  doctor: DoctorSummary;
  status: (id: string) => LabStatus;
  progress: (id: string) => LabProgress;
  /** A problem with the progress file, reported once. */
  notice: string | null;
  width: number;
  height: number;
  initialSelection?: string;
  onOpen: (id: string) => void;
  onQuit: () => void;
  onHelp: () => void;
  /** `i`: the interview questions. */
  onInterview?: () => void;
  /** `L`: switch the language. */
  onLang?: () => void;
  active: boolean;
}

export function matches(lab: LabListing, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return lab.id.toLowerCase().includes(needle) || lab.title.toLowerCase().includes(needle);
}

/** A lab's status, padded so the titles after it line up in either language. */
function statusText(status: LabStatus): StyledLine {
  const words = { passed: t('home.passed'), failed: t('home.failed'), 'not run': t('home.notRun') };
  const width = Math.max(...Object.values(words).map(cellWidth));
  const tone = status === 'passed' ? 'ok' : status === 'failed' ? 'bad' : 'dim';
  return [{ text: padCells(words[status], width), tone }];
}

function doctorLine(sandbox: string, doctor: DoctorSummary): StyledLine {
  const head: StyledLine = [
    { text: t('home.sandbox'), tone: 'dim' },
    { text: sandbox, tone: sandbox === 'userns' ? 'ok' : 'warn' },
    { text: t('home.doctor'), tone: 'dim' },
  ];
  if (doctor.state === 'checking') return [...head, { text: t('home.checking'), tone: 'dim' }];
  if (doctor.state === 'failed') return [...head, { text: t('home.doctorFailed'), tone: 'warn' }];
  const [first, ...rest] = doctor.problems;
  if (!first) return [...head, { text: t('home.noProblems'), tone: 'ok' }];
  return [
    ...head,
    { text: t('home.problem', { what: first.what, fix: first.fix }), tone: 'warn' },
    ...(rest.length > 0 ? [{ text: t('home.moreProblems', { n: rest.length }), tone: 'dim' as const }] : []),
  ];
}

/** What an agenda item runs as: "step mode, predictions, fast", or teaching speed. */
function modesText(item: AgendaItem): string {
  const modes = [
    item.step ? t('home.modeStep') : null,
    item.predict ? t('home.modePredict') : null,
    item.fast ? t('home.modeFast') : null,
  ];
  return modes.filter(Boolean).join(t('list.and')) || t('home.modeTeaching');
}

/** Why a lab cannot run here, after its line. */
function unavailable(lab: LabListing): StyledLine {
  return lab.available
    ? []
    : [{ text: t('home.unavailable', { why: lab.why ?? t('home.unavailableWhy') }), tone: 'dim' }];
}

/** A workshop's agenda: its title and progress, then each lab with its time and modes. */
function agendaRows(
  workshop: NonNullable<HomeScreenProps['agenda']>,
  visible: readonly LabListing[],
  selected: string | undefined,
  idWidth: number,
  width: number,
): { lines: StyledLine[]; selectedRow: number } {
  const { agenda, done } = workshop;
  const minutes = agenda.minutes ?? agenda.items.reduce((sum, i) => sum + (i.minutes ?? 0), 0);
  const lines: StyledLine[] = [
    [
      { text: t('home.workshop', { title: agenda.title }), tone: 'heading' },
      {
        text: `  ${t('home.workshopProgress', { minutes: t('unit.minutes', { n: minutes }), done: done.size, total: agenda.items.length })}`,
        tone: 'dim',
      },
    ],
  ];
  let selectedRow = 0;
  const doneWidth = cellWidth(t('home.done')) + 2;
  agenda.items.forEach((item, i) => {
    const lab = visible.find((l) => l.id === item.lab);
    if (!lab) return;
    const isSelected = lab.id === selected;
    if (isSelected) selectedRow = lines.length;
    lines.push([
      { text: isSelected ? ' › ' : '   ', tone: isSelected ? 'key' : undefined },
      { text: `${i + 1}. `, tone: 'dim' },
      { text: padCells(lab.id, idWidth), tone: isSelected ? 'selected' : lab.available ? 'strong' : 'dim' },
      done.has(lab.id)
        ? { text: padCells(t('home.done'), doneWidth), tone: 'ok' }
        : { text: padCells('·', doneWidth), tone: 'dim' },
      { text: `${item.minutes ? `${t('unit.minutes', { n: item.minutes })} · ` : ''}${modesText(item)}`, tone: 'dim' },
      ...unavailable(lab),
    ]);
    if (isSelected && item.note)
      lines.push(...wrapSegments([{ text: item.note, tone: 'em' }], width, [{ text: '      ' }], [{ text: '      ' }]));
  });
  return { lines, selectedRow };
}

export function HomeScreen(props: HomeScreenProps) {
  const { labs, width, height, onOpen, onQuit, onHelp, active } = props;
  // Live state: keys handled before the next render must see each other's effect.
  const [filter, setFilter, liveFilter] = useLiveState('');
  const [filtering, setFiltering, liveFiltering] = useLiveState(false);
  const [selected, setSelected, liveSelected] = useLiveState<string | undefined>(props.initialSelection ?? labs[0]?.id);

  const visibleFor = (text: string) => labs.filter((lab) => matches(lab, text));
  const currentOf = (shown: readonly LabListing[], id: string | undefined) =>
    shown.find((lab) => lab.id === id) ?? shown[0];
  const visible = visibleFor(filter);
  const current = currentOf(visible, selected);

  const move = (by: number) => {
    const shown = visibleFor(liveFilter.current);
    const from = currentOf(shown, liveSelected.current);
    if (!from) return;
    const next = shown[Math.min(shown.length - 1, Math.max(0, shown.indexOf(from) + by))];
    if (next) setSelected(next.id);
  };

  const handleKey = (input: string, key: Key) => {
    if (key.ctrl && input === 'c') return; // the app owns Ctrl-C
    if (key.upArrow) return move(-1);
    if (key.downArrow) return move(1);
    if (key.pageUp) return move(-10);
    if (key.pageDown) return move(10);
    if (key.return) {
      const target = currentOf(visibleFor(liveFilter.current), liveSelected.current);
      if (target) onOpen(target.id);
      return;
    }
    if (liveFiltering.current) {
      if (key.escape) {
        setFilter('');
        setFiltering(false);
        return;
      }
      const edited = editText(liveFilter.current, input, key);
      if (edited !== null) {
        setFilter(edited);
        // Keep the highlight on a lab that still matches, else the first that does.
        const still = visibleFor(edited);
        if (!still.some((lab) => lab.id === liveSelected.current) && still[0]) setSelected(still[0].id);
      }
      return;
    }
    if (input === 'j') move(1);
    else if (input === 'k') move(-1);
    else if (input === '/') setFiltering(true);
    else if (input === '?') onHelp();
    else if (input === 'i') props.onInterview?.();
    else if (input === 'L') props.onLang?.();
    else if (input === 'q') onQuit();
    else if (key.escape && liveFilter.current !== '') setFilter('');
  };
  useKeys(handleKey, active);

  const header: StyledLine[] = [
    [
      { text: 'tcplabs', tone: 'title' },
      { text: t('home.tagline'), tone: 'dim' },
    ],
    doctorLine(props.sandbox, props.doctor),
  ];
  if (props.notice) header.push([{ text: props.notice, tone: 'warn' }]);
  header.push([]);

  // The list: topic headings and one line per lab (a workshop: the agenda, in its order).
  const list: StyledLine[] = [];
  let selectedRow = 0;
  const idWidth = Math.min(26, Math.max(...labs.map((lab) => cellWidth(lab.id)), 10) + 2);
  if (props.agenda) {
    const rows = agendaRows(props.agenda, visible, current?.id, idWidth, width);
    list.push(...rows.lines);
    selectedRow = rows.selectedRow;
  }
  for (const topic of props.agenda ? [] : (Object.keys(TOPIC_TITLES) as Topic[])) {
    const inTopic = visible.filter((lab) => lab.topic === topic);
    if (inTopic.length === 0) continue;
    list.push([{ text: topicTitle(topic), tone: 'heading' }]);
    for (const lab of inTopic) {
      const isSelected = lab.id === current?.id;
      if (isSelected) selectedRow = list.length;
      const check = props.progress(lab.id).check;
      const line: StyledLine = [
        { text: isSelected ? ' › ' : '   ', tone: isSelected ? 'key' : undefined },
        { text: padCells(lab.id, idWidth), tone: isSelected ? 'selected' : lab.available ? 'strong' : 'dim' },
        { text: ' ' },
        ...statusText(props.status(lab.id)),
        { text: '  ' },
        { text: lab.title, tone: lab.available ? undefined : 'dim' },
      ];
      if (check) {
        line.push({
          text: `  ${t(check.verdict === 'pass' ? 'home.exercisePassed' : 'home.exerciseFailed')}`,
          tone: check.verdict === 'pass' ? 'ok' : 'bad',
        });
      }
      line.push(...unavailable(lab));
      list.push(line);
    }
  }
  if (visible.length === 0) list.push([{ text: t('home.noMatch', { filter }), tone: 'dim' }]);

  const footer: StyledLine = filtering
    ? [
        { text: '/', tone: 'key' },
        { text: filter },
        { text: '█', tone: 'dim' },
        { text: `   ${t('home.filtering', { shown: visible.length, total: labs.length })}`, tone: 'dim' },
      ]
    : [
        { text: '↑↓ j k', tone: 'key' },
        { text: ` ${t('home.move')}  `, tone: 'dim' },
        { text: 'Enter', tone: 'key' },
        { text: ` ${t('home.open')}  `, tone: 'dim' },
        { text: '/', tone: 'key' },
        { text: ` ${t('home.filter')}  `, tone: 'dim' },
        ...(props.onInterview
          ? [
              { text: 'i', tone: 'key' as const },
              { text: ` ${t('home.interview')}  `, tone: 'dim' as const },
            ]
          : []),
        { text: 'L', tone: 'key' },
        { text: ` ${t('key.lang')}  `, tone: 'dim' },
        { text: '?', tone: 'key' },
        { text: ` ${t('home.help')}  `, tone: 'dim' },
        { text: 'q', tone: 'key' },
        { text: ` ${t('home.quit')}`, tone: 'dim' },
        ...(filter ? [{ text: `   ${t('home.filtered', { filter })}`, tone: 'dim' as const }] : []),
      ];

  // Scroll the list so the highlighted lab stays in view.
  const listRows = Math.max(1, height - header.length - 1);
  const start = Math.max(0, Math.min(selectedRow - Math.floor(listRows / 2), list.length - listRows));
  const shown = list.slice(start, start + listRows);

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={header} width={width} />
      <Lines lines={shown} width={width} height={listRows} />
      <Lines lines={[footer]} width={width} />
    </Box>
  );
}
