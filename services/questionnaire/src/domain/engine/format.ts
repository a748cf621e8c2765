import { languageInfo, LANGUAGES, type Language } from '@inps/kernel';
import type { Unit } from './definition.types';
import { wordsIn } from './words';

/**
 * Number formatting for explanations.
 *
 * Intl.NumberFormat costs about 1 µs per call on Node 20, and an evaluation renders dozens of figures
 * against a 20 µs budget, so the common cases (grouped integers, two decimals) are formatted by hand.
 * The output is checked against Intl.NumberFormat (cached instances below) in format.spec.ts, for
 * every language. Thousands are grouped from 4 digits ("8.200"), as the explanations in
 * docs/architecture.md §2.4 show; Intl's Italian and Spanish locales do not by default, hence
 * `useGrouping: 'always'`. The words (units, yes/no) come from the questionnaire's catalogue (words.ts).
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

/**
 * How a language writes a figure, read from Intl once at start (formatToParts) so that the fast path
 * below needs no table by hand: separators, grouping sizes (Bengali groups 3 then 2), the minus sign
 * with any direction mark (Arabic), and where the euro and per cent signs go.
 */
interface NumberStyle {
  group: string;
  decimal: string;
  minus: string;
  /** Digits in the last group and in the groups before it (3 and 3, or 3 and 2). */
  primary: number;
  secondary: number;
  euro: { before: string; after: string };
  percent: { before: string; after: string };
}

function around(parts: Intl.NumberFormatPart[], sign: 'currency' | 'percentSign'): { before: string; after: string } {
  const first = parts.findIndex((p) => p.type === 'integer');
  let last = first;
  for (let i = 0; i < parts.length; i++) if (['integer', 'group', 'decimal', 'fraction'].includes(parts[i].type)) last = i;
  // A plain space where Intl puts a no-break one, as the rule sets' own texts write amounts ("40.000 €").
  const join = (list: Intl.NumberFormatPart[]): string =>
    list
      .map((p) => p.value)
      .join('')
      .replace(/[\u00a0\u202f]/g, ' ');
  if (!parts.some((p) => p.type === sign)) throw new Error(`Intl gives no ${sign} part`);
  return { before: join(parts.slice(0, first)), after: join(parts.slice(last + 1)) };
}

function styleOf(language: Language): NumberStyle {
  const locale = languageInfo(language).locale;
  const plain = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' });
  const parts = plain.formatToParts(-1234567890.5);
  const integers = parts.filter((p) => p.type === 'integer').map((p) => p.value.length);
  const minusAt = parts.findIndex((p) => p.type === 'minusSign');
  const firstInteger = parts.findIndex((p) => p.type === 'integer');
  const euro = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', currencyDisplay: 'narrowSymbol', useGrouping: 'always' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2, useGrouping: 'always' });
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? '',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    minus:
      minusAt >= 0 && minusAt < firstInteger
        ? parts
            .slice(0, firstInteger)
            .map((p) => p.value)
            .join('')
        : '-',
    primary: integers[integers.length - 1],
    secondary: integers.length > 2 ? integers[integers.length - 2] : integers[integers.length - 1],
    euro: around(euro.formatToParts(1), 'currency'),
    percent: around(percent.formatToParts(1), 'percentSign'),
  };
}

const STYLES: readonly NumberStyle[] = perLanguage(styleOf);

function groupDigits(digits: string, s: NumberStyle): string {
  const n = digits.length;
  if (n <= s.primary) return digits;
  let out = digits.slice(n - s.primary);
  let end = n - s.primary;
  while (end > 0) {
    const start = Math.max(0, end - s.secondary);
    out = digits.slice(start, end) + s.group + out;
    end = start;
  }
  return out;
}

/** "000" to "999" and "00" to "99": groups of three digits and cents are written from these, not converted one by one. */
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** The whole part grouped in threes (most languages), from the table above. */
function groupThrees(whole: number, group: string): string {
  if (whole < 1000) return String(whole);
  let rest = Math.floor(whole / 1000);
  let out = THREE_DIGITS[whole - rest * 1000];
  while (rest >= 1000) {
    const next = Math.floor(rest / 1000);
    out = THREE_DIGITS[rest - next * 1000] + group + out;
    rest = next;
  }
  return String(rest) + group + out;
}

/** Formats with grouping and 0 or 2 decimals: 2 when the value has cents, as money is written. */
export function formatNumber(value: number, language: Language): string {
  if (!Number.isFinite(value)) return '?';
  const s = STYLES[LANG_INDEX[language]] ?? STYLES[0];
  const negative = value < 0;
  const cents = Math.round(Math.abs(value) * 100);
  if (!Number.isSafeInteger(cents)) return intlFormatter(language, 0).format(value);
  const whole = Math.floor(cents / 100);
  const frac = cents - whole * 100;
  let out = s.primary === 3 && s.secondary === 3 ? groupThrees(whole, s.group) : groupDigits(String(whole), s);
  if (frac !== 0) out += s.decimal + TWO_DIGITS[frac];
  return (negative && cents !== 0 ? s.minus : '') + out;
}

export function formatValue(value: number, unit: Unit, language: Language): string {
  if (unit === 'year') return String(Math.round(value));
  const n = formatNumber(value, language);
  switch (unit) {
    case 'EUR': {
      const s = STYLES[LANG_INDEX[language]];
      return s.euro.before + n + s.euro.after;
    }
    case 'percent': {
      const s = STYLES[LANG_INDEX[language]];
      return s.percent.before + n + s.percent.after;
    }
    case 'years':
    case 'days':
    case 'weeks':
    case 'months': {
      const forms = wordsIn(language).units[unit];
      const form = value === 1 ? forms.one : forms.other;
      return form.before + n + form.after;
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

/** A month ('2024-01') or a day ('2024-01-15') as the language writes it ("gennaio 2024", "15 January 2024"). */
export function formatDate(isoDate: string, language: Language): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m) return isoDate;
  return dateFormatter(language, d ? 'day' : 'month').format(Date.UTC(y, m - 1, d || 1));
}

/** Intl formatters cost far more to make than to use: one per language and precision, made on first use. */
const dateCache = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(language: Language, precision: 'day' | 'month'): Intl.DateTimeFormat {
  const key = `${language}:${precision}`;
  let f = dateCache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      precision === 'day' ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' };
    f = new Intl.DateTimeFormat(languageInfo(language).locale, options);
    dateCache.set(key, f);
  }
  return f;
}

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
