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
  /** The BCP 47 tag given to Intl for numbers, currency and dates in this language. */
  readonly locale: string;
}

export const LANGUAGE_INFO = [
  { code: 'it', name: 'Italiano', italianName: 'italiano', direction: 'ltr', locale: 'it-IT' },
  { code: 'en', name: 'English', italianName: 'inglese', direction: 'ltr', locale: 'en-GB' },
  { code: 'ro', name: 'Română', italianName: 'rumeno', direction: 'ltr', locale: 'ro-RO' },
  { code: 'sq', name: 'Shqip', italianName: 'albanese', direction: 'ltr', locale: 'sq-AL' },
  // Western digits: the figures on a sheet must read the same at the Italian desk that receives it.
  { code: 'ar', name: 'العربية', italianName: 'arabo', direction: 'rtl', locale: 'ar-u-nu-latn' },
  { code: 'uk', name: 'Українська', italianName: 'ucraino', direction: 'ltr', locale: 'uk-UA' },
  { code: 'zh', name: '简体中文', italianName: 'cinese (semplificato)', direction: 'ltr', locale: 'zh-Hans-CN' },
  { code: 'bn', name: 'বাংলা', italianName: 'bengalese', direction: 'ltr', locale: 'bn-u-nu-latn' },
  { code: 'es', name: 'Español', italianName: 'spagnolo', direction: 'ltr', locale: 'es-ES' },
  { code: 'fr', name: 'Français', italianName: 'francese', direction: 'ltr', locale: 'fr-FR' },
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

/**
 * The language of an `Accept-Language` header (RFC 9110 §12.5.4): the supported one with the highest
 * weight, matching on the primary subtag (`ro-RO` → `ro`, `zh-Hans-CN` → `zh`). A header naming only
 * languages the programme does not speak answers Italian: a header is a preference, not a demand, so
 * unlike an explicit `language` field it is never refused.
 */
export function negotiateLanguage(header: string | undefined | null): Language {
  if (!header) return DEFAULT_LANGUAGE;
  let best: Language = DEFAULT_LANGUAGE;
  let bestWeight = 0;
  for (const [index, part] of header.split(',').entries()) {
    const [range, ...params] = part.trim().split(';');
    const primary = range.trim().toLowerCase().split('-')[0];
    let weight = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q') weight = Number(v);
    }
    if (!Number.isFinite(weight) || weight <= 0) continue;
    // Earlier entries win ties, as the header lists them in the client's order of preference.
    const score = weight - index * 1e-6;
    if (isLanguage(primary) && score > bestWeight) {
      best = primary;
      bestWeight = score;
    }
  }
  return best;
}
