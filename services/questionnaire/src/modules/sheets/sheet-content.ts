import { DEFAULT_LANGUAGE, languageInfo, ROME_TIME_ZONE, type Language } from '@inps/kernel';
import type { MessageCatalogue } from '@inps/shared';
import type { BenefitResult, EvaluationResult } from '../../domain';
import type { FindOutStep } from '../find-out/find-out.service';
import type { WhereToGoOutcome } from '../where-to-go/dto/where-to-go.outputs';

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
  /** One step per fact the benefits to check are missing, once each, however many benefits need it. */
  readonly howToFindOut: readonly Pair[];
  /** The competent INPS unit, the outreach events planned, the national channels: for a screening. */
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

/** An evaluation as the sheet reads it: the API's, whose benefits to check carry their find-out steps. */
interface SheetOutcome extends Omit<EvaluationResult, 'benefits'> {
  readonly benefits: readonly (BenefitResult & { readonly findOut?: readonly FindOutStep[] })[];
}

export interface SheetSource {
  readonly language: Language;
  /** The outcome in the person's language. */
  readonly outcome: SheetOutcome;
  /** The same outcome in Italian (the same object when the language is Italian). */
  readonly italian: SheetOutcome;
  /** Where to go, in the person's language and in Italian: screenings only (an evaluation has no comune). */
  readonly whereToGo?: { readonly own: WhereToGoOutcome; readonly it: WhereToGoOutcome } | null;
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
    howToFindOut: pairs(findOutSteps(source.outcome), findOutSteps(source.italian), pair),
    whereToGo: source.whereToGo ? pairs(whereToGoLines(source.whereToGo.own, info.locale), whereToGoLines(source.whereToGo.it, 'it-IT'), pair) : [],
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

/** The find-out steps of the benefits to check, one per fact, in the order the benefits need them. */
function findOutSteps(outcome: SheetOutcome): string[] {
  const seen = new Map<string, string>();
  for (const b of outcome.benefits) {
    if (b.status !== 'UNDETERMINED') continue;
    for (const f of b.findOut ?? []) if (f.step && !seen.has(f.fact)) seen.set(f.fact, f.step.text);
  }
  return [...seen.values()];
}

/**
 * Where to go, a line each: the competent INPS unit(s), the events planned (day and hour in Rome, the
 * kind of venue in the sheet's language, its name and address as recorded), then the national
 * channels with their numbers and addresses. Unit and venue names are proper names: the same in both.
 */
function whereToGoLines(w: WhereToGoOutcome, locale: string): string[] {
  const when = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: ROME_TIME_ZONE });
  return [
    ...w.inpsUnits.map((u) => `INPS · ${u.name}`),
    ...w.outreachEvents.map((e) => [when.format(new Date(e.startsAt)), e.venueKind, e.venueName, e.address ?? e.territoryName].filter(Boolean).join(' · ')),
    ...w.nationalChannels.map((c) => [c.name, ...c.contacts.map((k) => `${k.value} (${k.label})`)].join(' · ')),
  ];
}

function longDate(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
