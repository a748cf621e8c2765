/**
 * The languages the programme speaks. Italian is the language of every text and the fallback of
 * every translation: a text in another language is an aid to the person, the Italian one is what an
 * INPS office reads.
 */

export interface LanguageInfo {
  /** ISO 639-1 code, as in `Accept-Language`. */
  readonly code: string;
  /** Its own name, for a language picker. */
  readonly name: string;
  /** Its name in Italian, for staff and reports. */
  readonly italianName: string;
  readonly direction: 'ltr' | 'rtl';
}

export const LANGUAGE_INFO = [
  { code: 'it', name: 'Italiano', italianName: 'italiano', direction: 'ltr' },
  { code: 'en', name: 'English', italianName: 'inglese', direction: 'ltr' },
] as const satisfies readonly LanguageInfo[];

export type Language = (typeof LANGUAGE_INFO)[number]['code'];

export const LANGUAGES: readonly Language[] = LANGUAGE_INFO.map((l) => l.code);

/** The language of record and of every fallback. */
export const DEFAULT_LANGUAGE: Language = 'it';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function languageInfo(language: Language): LanguageInfo {
  return LANGUAGE_INFO.find((l) => l.code === language) as LanguageInfo;
}
