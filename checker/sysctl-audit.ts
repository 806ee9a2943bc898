// Judging a sysctl.conf line by line against what the kernel showed. Pure: the facts (this
// machine's /proc/sys values, and what a fresh network namespace said when each line was
// applied to it) are gathered elsewhere and passed in, so recorded facts can be judged in tests.

import { auditableLines, type ConfLine, normalizeValue, type Setting } from './sysctl-conf.ts';
import { type KernelFacts, knowledgeOf, type SysctlKnowledge } from './sysctl-knowledge.ts';

/** What applying one line inside a fresh network namespace did (printed by labs/sysctl-audit/apply.ts). */
export interface NamespaceProbe {
  line: number;
  key: string;
  /** The namespace's value before anything was written: the default, for a per-namespace key. */
  before: string | null;
  /** accepted; absent: no such file in the namespace; rejected: the write failed; skipped: not a net.* key. */
  outcome: 'accepted' | 'absent' | 'rejected' | 'skipped';
  after: string | null;
  /** The kernel's error, e.g. "Invalid argument". */
  error: string | null;
}

export interface HostValue {
  exists: boolean;
  /** null when the file exists but cannot be read. */
  value: string | null;
}

export interface AuditFacts {
  /** This machine's /proc/sys, by dotted key. */
  host: Record<string, HostValue>;
  /** One probe per setting line; null when no namespace could be used. */
  namespace: NamespaceProbe[] | null;
  kernel: KernelFacts;
}

/** One line of the report, in the JSON shape `tcplabs audit --json` prints. */
export interface AuditEntry {
  line: number;
  key: string | null;
  value: string | null;
  exists: boolean;
  current: string | null;
  default: string | null;
  controls: string | null;
  /** null when the line is right. */
  problem: string | null;
}

export interface JudgedLine {
  entry: AuditEntry;
  problems: string[];
  /** Where `default` came from: a fresh namespace, the knowledge table, or nowhere. */
  defaultFrom: 'namespace' | 'table' | null;
}

const UNIT = '(hours?|hrs?|h\\b|minutes?|mins?|milliseconds?|ms\\b|seconds?|secs?|s\\b|小时|分钟|毫秒|秒)?';
const DEFAULT_CLAIM = new RegExp(
  `(?:\\bdefaults?\\b(?:\\s+value)?(?:\\s+(?:is|was|of|to))?|默认值?(?:为|是)?|缺省值?(?:为|是)?)\\s*[:=]?\\s*(\\d+(?:\\.\\d+)?)\\s*${UNIT}`,
  'giu',
);
const TARGET_CLAIM = new RegExp(
  `(?:\\b(?:change|set|raise|increase|decrease|lower|reduce|bump)(?:s|d|ed)?\\b[^.;,]{0,30}?\\bto|改为|改成|设为|设置为|调整为|调到|加大[^,，。;]{0,20}?为|增加到|提高到|降低到|减少到)\\s*(\\d+(?:\\.\\d+)?)\\s*${UNIT}`,
  'giu',
);
// "Enables …", "Turns SYN cookies on", "开启…" at the start of the comment's first sentence.
const ENABLES = /^(?:this\s+)?(?:enables?|(?:turns?|switch(?:es)?)\s+(?:[\w-]+\s+){0,3}?on\b|表示开启|开启|打开|启用)/i;
const DISABLES = /^(?:this\s+)?(?:disables?|(?:turns?|switch(?:es)?)\s+(?:[\w-]+\s+){0,3}?off\b|表示关闭|关闭|禁用)/i;

function secondsPer(unit: string | undefined): number | null {
  if (!unit) return null;
  const u = unit.toLowerCase();
  if (u.startsWith('h') || u === '小时') return 3600;
  if (u.startsWith('mi') && !u.startsWith('mil')) return 60;
  if (u === '分钟') return 60;
  if (u === 'ms' || u.startsWith('mil') || u === '毫秒') return 0.001;
  return 1;
}

/** A number from a comment, in the key's own unit; null when it cannot be compared. */
function inKeyUnit(amount: string, unit: string | undefined, knowledge: SysctlKnowledge | undefined): number | null {
  const n = Number(amount);
  const seconds = secondsPer(unit);
  if (seconds === null) return n;
  if (knowledge?.unit === 's') return n * seconds;
  if (knowledge?.unit === 'ms') return n * seconds * 1000;
  return null;
}

function showAmount(n: number, knowledge: SysctlKnowledge | undefined): string {
  return knowledge?.unit ? `${n} ${knowledge.unit}` : String(n);
}

/** A value the comparisons can use: one number, or null for "4096 65535", "cubic"… */
function single(value: string | null): number | null {
  if (value === null || !/^-?\d+$/.test(value.trim())) return null;
  return Number(value);
}

function commentProblems(
  setting: Setting,
  defaultValue: string | null,
  knowledge: SysctlKnowledge | undefined,
  facts: AuditFacts,
): string[] {
  const comment = setting.comment;
  if (comment === '') return [];
  const problems: string[] = [];
  const value = single(setting.value);
  const firstSentence = comment.split(/[.。;；,，]/)[0]?.trim() ?? '';
  if (value === 0 && ENABLES.test(firstSentence)) {
    problems.push(`the comment says this turns the feature on, but the line sets 0`);
  } else if (value !== null && value !== 0 && DISABLES.test(firstSentence)) {
    problems.push(`the comment says this turns the feature off, but the line sets ${setting.value}`);
  }
  const kernelDefault = single(defaultValue);
  for (const match of comment.matchAll(DEFAULT_CLAIM)) {
    const claimed = inKeyUnit(match[1] as string, match[2], knowledge);
    if (claimed === null || kernelDefault === null || claimed === kernelDefault) continue;
    const history = knowledge?.history?.[String(claimed)];
    problems.push(
      `the comment says the default is ${match[0].slice(match[0].search(/\d/)).trim()}, but this kernel's default is ${showAmount(kernelDefault, knowledge)}${history ? ` (${history})` : ''}`,
    );
    break;
  }
  for (const match of comment.matchAll(TARGET_CLAIM)) {
    const claimed = inKeyUnit(match[1] as string, match[2], knowledge);
    if (claimed === null || value === null || claimed === value) continue;
    problems.push(
      `the comment and the value disagree: it says ${match[1]}${match[2] ? ` ${match[2]}` : ''}, the line sets ${showAmount(value, knowledge)}`,
    );
    break;
  }
  for (const myth of knowledge?.myths ?? []) {
    if (myth.pattern.test(comment) && !myth.unless?.test(comment)) problems.push(myth.truth);
  }
  const checked = knowledge?.check?.(comment, setting.value, facts.kernel);
  if (checked) problems.push(checked);
  return problems;
}

function judgeSetting(
  setting: Setting,
  facts: AuditFacts,
  probe: NamespaceProbe | undefined,
  laterSame: Setting | undefined,
): JudgedLine {
  const knowledge = knowledgeOf(setting.key);
  const host = facts.host[setting.key] ?? { exists: false, value: null };
  const inNamespace = probe !== undefined && probe.outcome !== 'absent' && probe.outcome !== 'skipped';
  const exists = host.exists || inNamespace;
  // A net.* key a fresh namespace has is per namespace: its value there is the kernel's default.
  const fromNamespace = inNamespace && probe.before !== null;
  const defaultValue = fromNamespace
    ? normalizeValue(probe.before as string)
    : knowledge && !knowledge.removedIn
      ? knowledge.default
      : null;
  const problems: string[] = [];
  if (!exists) {
    problems.push(
      knowledge?.removedIn
        ? `${setting.key} does not exist on this kernel: it was removed in Linux ${knowledge.removedIn} (${knowledge.removedWhy}); sysctl -p reports an error for this line`
        : `no such key on this kernel (a typo, or a module that is not loaded); sysctl -p reports an error for this line`,
    );
  } else {
    if (probe?.outcome === 'rejected') {
      problems.push(
        `the kernel rejects ${setting.value}${probe.error ? ` (${probe.error})` : ''}; sysctl -p reports an error for this line`,
      );
    }
    problems.push(...commentProblems(setting, defaultValue, knowledge, facts));
  }
  if (laterSame && normalizeValue(laterSame.value) !== normalizeValue(setting.value)) {
    problems.push(`set again to ${laterSame.value} on line ${laterSame.line}, which wins`);
  }
  return {
    entry: {
      line: setting.line,
      key: setting.key,
      value: setting.value,
      exists,
      current: host.value === null ? null : normalizeValue(host.value),
      default: defaultValue,
      controls: knowledge?.controls ?? null,
      problem: problems.length > 0 ? problems.join('; ') : null,
    },
    problems,
    defaultFrom: fromNamespace ? 'namespace' : defaultValue !== null ? 'table' : null,
  };
}

export function judgeConf(lines: readonly ConfLine[], facts: AuditFacts): JudgedLine[] {
  const settings = lines.filter((line): line is Setting => line.kind === 'setting');
  return auditableLines(lines).map((line) => {
    if (line.kind === 'invalid') {
      return {
        entry: {
          line: line.line,
          key: null,
          value: null,
          exists: false,
          current: null,
          default: null,
          controls: null,
          problem: line.why,
        },
        problems: [line.why],
        defaultFrom: null,
      };
    }
    const probe = facts.namespace?.find((p) => p.line === line.line);
    const laterSame = settings.findLast((other) => other.key === line.key && other.line > line.line);
    return judgeSetting(line, facts, probe, laterSame);
  });
}
