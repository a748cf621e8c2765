import { DEFAULT_LANGUAGE, languageInfo, type Language } from '@inps/kernel';
import type { MessageCatalogue } from '@inps/shared';
import type { BenefitResult, EvaluationResult } from '../../domain';

/**
 * What a take-away sheet says, before any layout: every text as a pair, in the person's language and
 * in Italian for the desk that receives it (no Italian twin when the sheet is Italian). Built from
 * the outcome in both languages; nothing about the person but the lines that explain a verdict.
 */

export interface Pair {
  readonly own: string;
  /** The Italian text, when the sheet is in another language. */
  readonly it?: string;
}

export interface SheetBenefit {
  readonly id: string;
  readonly name: Pair;
  readonly authority: Pair;
  /** One sentence: the conditions that hold. */
  readonly why: Pair | null;
  /** What is still to be found out (the conditions nobody could decide), for benefits to check. */
  readonly missing: readonly Pair[];
  readonly documents: readonly Pair[];
  readonly channels: readonly Pair[];
  readonly deadline: Pair | null;
  readonly whereToGo: readonly Pair[];
  readonly howToFindOut: readonly Pair[];
}

export interface SheetContent {
  readonly language: Language;
  readonly direction: 'ltr' | 'rtl';
  readonly title: Pair;
  readonly notice: Pair;
  readonly date: Pair;
  readonly resumeCode: { readonly code: string; readonly label: Pair; readonly hint: Pair } | null;
  readonly likely: { readonly heading: Pair; readonly none: Pair; readonly benefits: readonly SheetBenefit[] };
  readonly toCheck: { readonly heading: Pair; readonly none: Pair; readonly benefits: readonly SheetBenefit[] };
  /** Places and events for the whole outcome, when the outcome carries them. */
  readonly whereToGo: readonly Pair[];
  readonly labels: Readonly<Record<'why' | 'missing' | 'documents' | 'apply' | 'deadline' | 'whereToGo' | 'howToFindOut', Pair>>;
  readonly contacts: { readonly heading: Pair; readonly lines: readonly { readonly label: Pair; readonly value: string }[] };
  readonly privacy: Pair;
}

export interface Contact {
  /** The key of its label in the sheet catalogue. */
  readonly label: string;
  readonly value: string;
}

export interface SheetSource {
  readonly language: Language;
  /** The outcome in the person's language. */
  readonly outcome: EvaluationResult;
  /** The same outcome in Italian (the same object when the language is Italian). */
  readonly italian: EvaluationResult;
  /** The resume code, for a screening whose holder gave it; null for an evaluation. */
  readonly resumeCode: string | null;
  /** The day the sheet is printed, YYYY-MM-DD. */
  readonly date: string;
}

/**
 * How many of the explanation's lines make the "why" of a benefit likely due: a sentence, not the whole
 * explanation (which the screening shows), and so fewer of the person's answers on paper.
 */
const WHY_LINES = 2;

export function buildSheetContent(source: SheetSource, messages: MessageCatalogue, contacts: readonly Contact[]): SheetContent {
  const lang = source.language;
  const bilingual = lang !== DEFAULT_LANGUAGE;
  // A text not yet translated is the Italian itself (the rule set's fallback): printed once.
  const pair = (own: string, it: string): Pair => (bilingual && own !== it ? { own, it } : { own });
  const msg = (key: string, params?: Record<string, string>): Pair => pair(messages.words(key, lang, params), messages.words(key, DEFAULT_LANGUAGE, params));
  const italianById = new Map(source.italian.benefits.map((b) => [b.id, b]));
  const benefit = (b: BenefitResult): SheetBenefit => {
    const it = italianById.get(b.id) ?? b;
    const lines = (r: BenefitResult, holds: boolean | null) => r.explanation.filter((l) => l.holds === holds).map((l) => l.text);
    // For a benefit to check, what is missing says why; for one likely due, the first conditions that hold.
    const why = b.status === 'LIKELY_ELIGIBLE' ? sentence(lines(b, true).slice(0, WHY_LINES)) : null;
    return {
      id: b.id,
      name: pair(b.name, it.name),
      authority: msg(`sheet.authority.${b.authority}`),
      why: why ? pair(why, sentence(lines(it, true).slice(0, WHY_LINES)) ?? why) : null,
      missing: pairs(lines(b, null), lines(it, null), pair),
      documents: pairs(b.howToApply.documents, it.howToApply.documents, pair),
      channels: pairs(b.howToApply.channels, it.howToApply.channels, pair),
      deadline: b.howToApply.deadline ? pair(b.howToApply.deadline, it.howToApply.deadline ?? b.howToApply.deadline) : null,
      whereToGo: pairs(textsOf(extra(b, 'whereToGo')), textsOf(extra(it, 'whereToGo')), pair),
      howToFindOut: pairs(textsOf(extra(b, 'howToFindOut')), textsOf(extra(it, 'howToFindOut')), pair),
    };
  };
  const info = languageInfo(lang);
  return {
    language: lang,
    direction: info.direction,
    title: msg('sheet.title'),
    notice: msg('sheet.notice'),
    date: pair(
      messages.words('sheet.date', lang, { date: longDate(source.date, info.locale) }),
      messages.words('sheet.date', DEFAULT_LANGUAGE, { date: longDate(source.date, 'it-IT') }),
    ),
    resumeCode: source.resumeCode ? { code: source.resumeCode, label: msg('sheet.resumeCode'), hint: msg('sheet.resumeCodeHint') } : null,
    likely: {
      heading: msg('sheet.likely'),
      none: msg('sheet.noneLikely'),
      benefits: source.outcome.benefits.filter((b) => b.status === 'LIKELY_ELIGIBLE').map(benefit),
    },
    toCheck: {
      heading: msg('sheet.toCheck'),
      none: msg('sheet.noneToCheck'),
      benefits: source.outcome.benefits.filter((b) => b.status === 'UNDETERMINED').map(benefit),
    },
    whereToGo: pairs(textsOf(extra(source.outcome, 'whereToGo')), textsOf(extra(source.italian, 'whereToGo')), pair),
    labels: {
      why: msg('sheet.why'),
      missing: msg('sheet.missing'),
      documents: msg('sheet.documents'),
      apply: msg('sheet.apply'),
      deadline: msg('sheet.deadline'),
      whereToGo: msg('sheet.whereToGo'),
      howToFindOut: msg('sheet.howToFindOut'),
    },
    contacts: { heading: msg('sheet.contacts'), lines: contacts.map((c) => ({ label: msg(c.label), value: c.value })) },
    privacy: msg('sheet.privacy'),
  };
}

/** The explanation lines as one sentence. */
function sentence(lines: readonly string[]): string | null {
  if (lines.length === 0) return null;
  const text = lines.join('; ');
  return /[.!?。।]$/.test(text) ? text : `${text}.`;
}

/** Pairs two lists item by item: both come from the same rule set, in the same order. */
function pairs(own: readonly string[], it: readonly string[], pair: (own: string, it: string) => Pair): Pair[] {
  return own.map((text, i) => pair(text, it[i] ?? text));
}

/**
 * Where to go (an INPS office, an outreach event) and how to find out what is missing are not part of
 * the engine's outcome yet; when an outcome carries them (`whereToGo`, `howToFindOut`, as texts or as
 * objects of texts) the sheet prints them, and it never makes them up.
 */
function extra(from: object, field: 'whereToGo' | 'howToFindOut'): unknown {
  return (from as Record<string, unknown>)[field];
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item === 'string') return item ? [item] : [];
    if (item && typeof item === 'object') {
      const parts = Object.values(item as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.length > 0);
      return parts.length ? [parts.join(' · ')] : [];
    }
    return [];
  });
}

function longDate(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
