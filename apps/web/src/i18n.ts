import { LANGUAGE_INFO, type Language } from '@inps/kernel/languages';
import italian from './messages/it.json';

/** A catalogue: every text of the interface in one language, and whether a native speaker reviewed it. */
export interface Catalogue {
  readonly reviewed: boolean;
  readonly messages: Readonly<Record<string, string>>;
}

export type MessageKey = keyof typeof italian.messages;
export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

export const LANGUAGES = LANGUAGE_INFO;

// Italian is in the first download (the default and every fallback); the others are fetched when chosen.
const loaders = import.meta.glob<Catalogue>(['./messages/*.json', '!./messages/it.json'], { import: 'default' });

export async function loadCatalogue(language: Language): Promise<Catalogue> {
  if (language === 'it') return italian;
  const load = loaders[`./messages/${language}.json`];
  return load ? load() : italian;
}

/** A missing text falls back to Italian, the language of record, never to a key. */
export function translator(catalogue: Catalogue): Translate {
  return (key, values = {}) => {
    const text = catalogue.messages[key] ?? italian.messages[key];
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}

export function directionOf(language: Language): 'ltr' | 'rtl' {
  return LANGUAGE_INFO.find((l) => l.code === language)?.direction ?? 'ltr';
}

export function localeOf(language: Language): string {
  return LANGUAGE_INFO.find((l) => l.code === language)?.locale ?? 'it-IT';
}

export function isLanguage(value: unknown): value is Language {
  return LANGUAGE_INFO.some((l) => l.code === value);
}
