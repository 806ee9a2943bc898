// Message catalogues: every word a learner reads — step titles, expectation texts, hints,
// predictions, interview answers, errors, the TUI's own words — comes from one catalogue per
// language. A catalogue is declared with both languages side by side, so a key missing in
// either is a type error (and a test failure); `{name}` marks where a value goes.

import { getLang, type Lang } from './lang.ts';

export type Messages = Record<string, string>;

export interface Catalog<K extends string = string> {
  readonly en: Record<K, string>;
  readonly zh: Record<K, string>;
}

/** Both languages at once: `zh` must have exactly `en`'s keys. */
export function defineMessages<K extends string>(catalog: {
  en: Record<K, string>;
  zh: Record<K, string>;
}): Catalog<K> {
  return catalog;
}

export type Params = Record<string, string | number>;

/** Fill `{name}` with its value; a placeholder without one is left, so a test can find it. */
export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type Translate<K extends string = string> = (key: K, params?: Params) => string;

/** A catalogue's words in the current language (or the one given). */
export function translator<K extends string>(catalog: Catalog<K>, lang?: Lang): Translate<K> {
  return (key, params) => {
    const table = catalog[lang ?? getLang()];
    const template = table[key] ?? catalog.en[key];
    if (template === undefined) throw new Error(`no message "${key}"`);
    return format(template, params);
  };
}

/** Keys one language has and the other lacks (for the catalogue test). */
export function missingKeys(catalog: Catalog): { en: string[]; zh: string[] } {
  const en = Object.keys(catalog.en);
  const zh = Object.keys(catalog.zh);
  return { en: zh.filter((k) => !en.includes(k)), zh: en.filter((k) => !zh.includes(k)) };
}

/** Does a text hold Chinese (Han) characters? What a Chinese catalogue's texts must. */
export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}
