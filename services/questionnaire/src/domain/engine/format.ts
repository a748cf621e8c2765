import { languageInfo, LANGUAGES, type Language } from '@inps/kernel';
import type { Unit } from './definition.types';

/**
 * Number formatting for explanations.
 *
 * Intl.NumberFormat costs about 1 µs per call on Node 20, and an evaluation renders dozens of figures
 * against a 20 µs budget, so the common cases (grouped integers, two decimals) are formatted by hand.
 * The output is checked against Intl.NumberFormat (cached instances below) in format.spec.ts.
 * Italian groups thousands from 4 digits ("8.200"), as the explanations in docs/architecture.md §2.4 show; Intl's
 * Italian locale does not by default, hence `useGrouping: 'always'`.
 */

/**
 * A language's position in LANGUAGES. Texts made once per language at compile time are kept in
 * arrays in this order, and read back with it, rather than in a record per text.
 */
export const LANG_INDEX = Object.fromEntries(LANGUAGES.map((l, i) => [l, i])) as Readonly<Record<Language, number>>;
export const LANGUAGE_COUNT = LANGUAGES.length;

/** One value per language, in LANGUAGES order (see LANG_INDEX). */
export function perLanguage<T>(make: (lang: Language) => T): T[] {
  return LANGUAGES.map(make);
}

/** The same as a record, for what the engine hands out by language. */
export function byLanguage<T>(make: (lang: Language) => T): Record<Language, T> {
  return Object.fromEntries(LANGUAGES.map((l) => [l, make(l)])) as Record<Language, T>;
}

const intlCache = new Map<string, Intl.NumberFormat>();

export function intlFormatter(language: Language, fractionDigits: number): Intl.NumberFormat {
  const key = `${language}:${fractionDigits}`;
  let f = intlCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(languageInfo(language).locale, {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
      useGrouping: 'always',
    });
    intlCache.set(key, f);
  }
  return f;
}

const SEPARATORS: Partial<Record<Language, { group: string; decimal: string }>> = {
  it: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

function groupDigits(digits: string, group: string): string {
  const n = digits.length;
  if (n <= 3) return digits;
  let out = '';
  const head = n % 3;
  if (head > 0) out = digits.slice(0, head);
  for (let i = head; i < n; i += 3) {
    out += (out.length > 0 ? group : '') + digits.slice(i, i + 3);
  }
  return out;
}

/** Formats with grouping and 0 or 2 decimals: 2 when the value has cents, as money is written. */
export function formatNumber(value: number, language: Language): string {
  if (!Number.isFinite(value)) return '?';
  const sep = SEPARATORS[language] ?? SEPARATORS.it!;
  const negative = value < 0;
  const cents = Math.round(Math.abs(value) * 100);
  if (!Number.isSafeInteger(cents)) return intlFormatter(language, 0).format(value);
  const whole = Math.floor(cents / 100);
  const frac = cents % 100;
  let out = groupDigits(String(whole), sep.group);
  if (frac !== 0) out += sep.decimal + (frac < 10 ? '0' : '') + String(frac);
  return (negative && cents !== 0 ? '-' : '') + out;
}

const UNIT_WORDS: Partial<Record<Language, Partial<Record<Unit, [string, string]>>>> = {
  it: { years: ['anno', 'anni'], days: ['giorno', 'giorni'], weeks: ['settimana', 'settimane'], months: ['mese', 'mesi'] },
  en: { years: ['year', 'years'], days: ['day', 'days'], weeks: ['week', 'weeks'], months: ['month', 'months'] },
};

export function formatValue(value: number, unit: Unit, language: Language): string {
  if (unit === 'year') return String(Math.round(value));
  const n = formatNumber(value, language);
  switch (unit) {
    case 'EUR':
      return `${n} €`;
    case 'percent':
      return `${n}%`;
    case 'years':
    case 'days':
    case 'weeks':
    case 'months': {
      const words = (UNIT_WORDS[language] ?? UNIT_WORDS.it!)[unit];
      return words ? `${n} ${value === 1 ? words[0] : words[1]}` : n;
    }
    case 'count':
    case 'ratio':
    case 'none':
      return n;
  }
}

/** An interval [lo, hi] of possible values: one figure when known, a range while facts are missing. */
export function formatRange(lo: number, hi: number, unit: Unit, language: Language): string {
  if (lo === hi) return formatValue(lo, unit, language);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return '?';
  return `${formatNumber(lo, language)}–${formatValue(hi, unit, language)}`;
}

const YES_NO_WORDS: Partial<Record<Language, { yes: string; no: string; unknown: string }>> = {
  it: { yes: 'sì', no: 'no', unknown: '?' },
  en: { yes: 'yes', no: 'no', unknown: '?' },
};
export const YES_NO = byLanguage((l) => YES_NO_WORDS[l] ?? YES_NO_WORDS.it!);

export const OPERATOR_SYMBOLS = { eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥' } as const;

/** A template split once into literal text and named slots, so rendering is a concatenation. */
export interface ParsedTemplate {
  literals: string[];
  slots: string[];
}

export function parseTemplate(source: string): ParsedTemplate {
  const literals: string[] = [];
  const slots: string[] = [];
  const re = /\{([A-Za-z][A-Za-z0-9_.-]*)\}/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source)) !== null) {
    literals.push(source.slice(last, m.index));
    slots.push(m[1]);
    last = m.index + m[0].length;
  }
  literals.push(source.slice(last));
  return { literals, slots };
}

const UNCONFIRMED_WORDS: Partial<Record<Language, string>> = {
  it: ' (importo da confermare)',
  en: ' (figure not confirmed)',
};
export const UNCONFIRMED_MARK = byLanguage((l) => UNCONFIRMED_WORDS[l] ?? UNCONFIRMED_WORDS.it!);
