import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@inps/kernel';

/**
 * What the API says with every text: the language it is really in (the one asked for, or Italian
 * when there is no translation) and whether a native speaker reviewed it. Italian is the original,
 * so it is always `reviewed`. A line the engine puts together from several texts (a sentence, the
 * figures and words put into it, a step added after it) is in the language asked for if any part is,
 * and reviewed only if every part is: an unreviewed word never passes as official.
 *
 * Statuses are shared objects, one per language and review state, so handing one out costs nothing.
 */
export interface TextStatus {
  readonly language: Language;
  readonly reviewed: boolean;
}

const INTERNED = new Map<string, TextStatus>(
  LANGUAGES.flatMap((language) => [true, false].map((reviewed) => [`${language}:${reviewed}`, Object.freeze({ language, reviewed })] as const)),
);

/**
 * A status as flags, for an answer's summary: 1 Italian, 2 another language, 4 not reviewed. The
 * texts of one answer are in the language asked for or in Italian, so these flags say it all.
 */
export function flagsOf(status: TextStatus): number {
  return (status.language === DEFAULT_LANGUAGE ? 1 : 2) | (status.reviewed ? 0 : 4);
}

export function flagsOfAll(list: readonly TextStatus[] | undefined): number {
  let out = 0;
  if (list) for (let i = 0; i < list.length; i++) out |= flagsOf(list[i]);
  return out;
}

/** summarise() from flagsOf()s ORed together. */
export function summariseFlags(requested: Language, flags: number): TranslationSummary {
  const languagesUsed: Language[] = [];
  if (flags & 1) languagesUsed.push(DEFAULT_LANGUAGE);
  if (flags & 2 && requested !== DEFAULT_LANGUAGE) languagesUsed.push(requested);
  return { requested, languagesUsed, allReviewed: (flags & 4) === 0 };
}

export function statusOf(language: Language, reviewed: boolean): TextStatus {
  return INTERNED.get(`${language}:${language === DEFAULT_LANGUAGE || reviewed}`) as TextStatus;
}

export const ITALIAN: TextStatus = statusOf(DEFAULT_LANGUAGE, true);

/** The status of a line made of two parts. */
export function combine(a: TextStatus, b: TextStatus): TextStatus {
  if (a === b) return a;
  const language = a.language === DEFAULT_LANGUAGE ? b.language : a.language;
  return statusOf(language, a.reviewed && b.reviewed);
}

export function combineAll(list: readonly TextStatus[], start: TextStatus = ITALIAN): TextStatus {
  let out = start;
  for (const s of list) out = combine(out, s);
  return out;
}

/** A response's summary: the language asked for, the languages its texts are really in, and whether all are reviewed. */
export interface TranslationSummary {
  requested: Language;
  languagesUsed: Language[];
  allReviewed: boolean;
}

export function summarise(requested: Language, statuses: Iterable<TextStatus>): TranslationSummary {
  const used = new Set<Language>();
  let allReviewed = true;
  for (const s of statuses) {
    used.add(s.language);
    allReviewed &&= s.reviewed;
  }
  return { requested, languagesUsed: LANGUAGES.filter((l) => used.has(l)), allReviewed };
}
