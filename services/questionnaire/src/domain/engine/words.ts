import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@inps/kernel';
import { statusOf, type TextStatus } from './text-status';

/**
 * The engine's own words (yes/no, units, the mark of an unconfirmed figure, the notes it writes),
 * which no rule set holds. They live in the questionnaire's message catalogue
 * (services/questionnaire/messages/<language>.yaml); the engine reads no file, so the service hands
 * it that catalogue once at start (`useEngineWords`, done by src/modules/rulesets/questionnaire-messages.ts)
 * and the engine copies each language's words into the tables below, read on the hot path.
 */

/** What the engine needs of a message catalogue: a text in a language, with the language it is really in. */
export interface WordSource {
  text(key: string, language: Language, params?: Readonly<Record<string, string | number>>): { text: string; language: Language; reviewed: boolean };
}

/** A unit's two forms, each split around `{n}` once: a figure with its unit is written at most evaluations. */
interface UnitForms {
  one: { readonly before: string; readonly after: string };
  other: { readonly before: string; readonly after: string };
}

export interface EngineWords {
  readonly yes: string;
  readonly no: string;
  readonly unknown: string;
  readonly units: Readonly<Record<'years' | 'days' | 'weeks' | 'months', UnitForms>>;
  /** "(importo da confermare)", after a line whose threshold is not confirmed. */
  readonly unconfirmed: string;
  /** "({note})": a derived value's note after a line. */
  readonly note: string;
  /** "non ({condition})". */
  readonly not: string;
  readonly joinAll: string;
  readonly joinAny: string;
  readonly joinList: string;
  /** " — {step}": what to do, after a line still open; split once, as it is written at every evaluation. */
  readonly step: { readonly before: string; readonly after: string };
  /** "Stima da {lo} a {hi}, secondo: {facts}.", split once, as it is written at evaluations. */
  readonly rangeNote: (params: { lo: string; hi: string; facts: string }) => string;
  /** "Cifre da confermare: {figures}." and one figure, "{label} ({value})". */
  readonly figuresUnconfirmed: string;
  readonly figure: string;
  /** "Oggi: {successors}", and each successor as it continues or was replaced. */
  readonly successors: string;
  readonly successorContinues: string;
  readonly successorReplaced: string;
  /** The language these words are in, and whether a native speaker reviewed them. */
  readonly status: TextStatus;
}

/** The catalogue keys, in EngineWords order: a completeness test checks each exists in every language. */
export const ENGINE_WORD_KEYS = [
  'engine.yes',
  'engine.no',
  'engine.unknown',
  'engine.unit.years.one',
  'engine.unit.years.other',
  'engine.unit.days.one',
  'engine.unit.days.other',
  'engine.unit.weeks.one',
  'engine.unit.weeks.other',
  'engine.unit.months.one',
  'engine.unit.months.other',
  'engine.unconfirmed',
  'engine.note',
  'engine.not',
  'engine.join.all',
  'engine.join.any',
  'engine.join.list',
  'engine.step',
  'engine.rangeNote',
  'engine.figuresUnconfirmed',
  'engine.figure',
  'engine.successors',
  'engine.successor.continues',
  'engine.successor.replaced',
] as const;

let tables: readonly EngineWords[] | undefined;
const INDEX = Object.fromEntries(LANGUAGES.map((l, i) => [l, i])) as Readonly<Record<Language, number>>;

function read(source: WordSource, language: Language): EngineWords {
  let reviewed = true;
  let inLanguage = true;
  const w = (key: (typeof ENGINE_WORD_KEYS)[number]): string => {
    const t = source.text(key, language);
    reviewed &&= t.reviewed;
    inLanguage &&= t.language === language;
    return t.text;
  };
  const unit = (u: string): UnitForms => ({ one: around(w(`engine.unit.${u}.one` as never), 'n'), other: around(w(`engine.unit.${u}.other` as never), 'n') });
  const words = {
    yes: w('engine.yes'),
    no: w('engine.no'),
    unknown: w('engine.unknown'),
    units: { years: unit('years'), days: unit('days'), weeks: unit('weeks'), months: unit('months') },
    unconfirmed: w('engine.unconfirmed'),
    note: w('engine.note'),
    not: w('engine.not'),
    joinAll: w('engine.join.all'),
    joinAny: w('engine.join.any'),
    joinList: w('engine.join.list'),
    step: around(w('engine.step'), 'step'),
    rangeNote: template(w('engine.rangeNote')),
    figuresUnconfirmed: w('engine.figuresUnconfirmed'),
    figure: w('engine.figure'),
    successors: w('engine.successors'),
    successorContinues: w('engine.successor.continues'),
    successorReplaced: w('engine.successor.replaced'),
  };
  // A language missing some words falls back to Italian for those: its lines are then not wholly in it.
  return { ...words, status: inLanguage ? statusOf(language, reviewed) : statusOf(language, false) };
}

/** Installs the engine's words from the questionnaire's catalogue; rule sets compiled afterwards use them. */
export function useEngineWords(source: WordSource): void {
  tables = LANGUAGES.map((l) => read(source, l));
}

export function wordsIn(language: Language): EngineWords {
  if (!tables) throw new Error('the engine has no words: call useEngineWords(catalogue) at start (src/modules/rulesets/questionnaire-messages.ts)');
  return tables[INDEX[language]] ?? tables[INDEX[DEFAULT_LANGUAGE]];
}

/** A template split once into literals and slots, filled by concatenation. */
function template<P extends Record<string, string>>(text: string): (params: P) => string {
  const parts = text.split(/\{([A-Za-z][A-Za-z0-9_.-]*)\}/);
  return (params) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += (params[parts[i]] ?? `{${parts[i]}}`) + parts[i + 1];
    return out;
  };
}

/** The text before and after the one slot of a template. */
function around(template: string, slot: string): { before: string; after: string } {
  const [before, after = ''] = template.split(`{${slot}}`);
  return { before, after };
}

/** Fills `{name}` slots of one of the words above. */
export function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_.-]*)\}/g, (whole, name: string) => params[name] ?? whole);
}
