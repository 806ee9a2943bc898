// Which language the kit speaks: `--lang en|zh`, else the locale (LC_ALL, then LC_MESSAGES,
// then LANG: zh_* is Chinese), else English. One process-wide choice; the TUI's L changes it.

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

let current: Lang = 'en';

export function isLang(text: string): text is Lang {
  return (LANGS as readonly string[]).includes(text);
}

/** The locale's language, the way the C library reads it (the first one set wins). */
export function localeLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh([_.@-]|$)/i.test(locale) ? 'zh' : 'en';
}

export function chooseLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag !== undefined) {
    if (!isLang(flag)) throw new Error(`--lang must be one of ${LANGS.join(', ')}, not "${flag}"`);
    return flag;
  }
  return localeLang(env);
}

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}
