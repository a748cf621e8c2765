import { type Text, textIn } from '@inps/kernel';
import { benefitIdsOf } from '../../../domain/benefits';
import { BREAKDOWNS, BreakdownId, missingCategory, splitFactBenefit } from '../../../domain/breakdowns';
import { changeVersusPrevious, IndicatorDefinition, INDICATORS, IndicatorUnit, MeasureId, roundTo, share } from '../../../domain/indicators';
import { parseSemester, previousSemester, semesterFirstDay, semesterLastDay } from '../../../domain/semester';
import {
  BreakdownFigures,
  CategoryFigures,
  ChangeFigures,
  deriveSections,
  IndicatorFigures,
  ParameterNote,
  PreviousFigures,
  ReportMeta,
  ReportScope,
  ReportSnapshot,
  TerritoryLabel,
} from './report-snapshot';
import { benefitLabel, breakdownLabel, categoryLabel, factLabel, indicatorLabel, missingLabel, word, type ReportLanguage } from './report-words';

/**
 * Compiles a report snapshot from aggregated measures. This is the pure half of the report
 * job: the job gathers, for the period and scope, each measure's total and its breakdowns (one
 * GROUP BY each, territory ancestors being stored on every row), and this function turns them
 * into indicators, comparisons with the previous semester and presentation tables.
 */

export type CategoryCounts = Readonly<Record<string, number>>;

export interface MeasureInput {
  readonly total: number;
  readonly by?: Partial<Readonly<Record<BreakdownId, CategoryCounts>>>;
}

export interface MedianCell {
  readonly observations: number;
  readonly median: number | null;
}

export interface MedianInput extends MedianCell {
  readonly by?: Partial<Readonly<Record<BreakdownId, Readonly<Record<string, MedianCell>>>>>;
}

export interface ReportInput {
  readonly semester: string;
  readonly scope: ReportScope;
  readonly territories: readonly TerritoryLabel[];
  readonly version: number;
  readonly generatedAt: string;
  readonly ruleSetIds: readonly string[];
  /** Sum measures; a missing one gives indicators without figures ("—"). */
  readonly measures: Partial<Readonly<Record<MeasureId, MeasureInput>>>;
  /** Median measures (durations). */
  readonly medians: Partial<Readonly<Record<MeasureId, MedianInput>>>;
  /** Totals of the previous semester, when it was reported. */
  readonly previous: {
    readonly measures: Partial<Readonly<Record<MeasureId, { readonly total: number }>>>;
    readonly medians: Partial<Readonly<Record<MeasureId, MedianCell>>>;
  } | null;
  readonly parameterNotes: readonly ParameterNote[];
}

const SHARE_DECIMALS = 4;
const DAYS_DECIMALS = 1;
const PERCENT_DECIMALS = 1;

function roundValue(value: number | null, unit: IndicatorUnit): number | null {
  if (value === null) return null;
  if (unit === 'share') return roundTo(value, SHARE_DECIMALS);
  if (unit === 'days') return roundTo(value, DAYS_DECIMALS);
  return value;
}

function categoryOrder(breakdown: BreakdownId, input: ReportInput, present: readonly string[]): string[] {
  const fixed = BREAKDOWNS[breakdown].categories?.map((category) => category.code);
  const base =
    fixed ??
    (breakdown === 'territory' ? input.territories.map((territory) => territory.istatCode) : breakdown === 'benefit' ? benefitIdsOf(input.ruleSetIds) : []);
  // Codes the data has but the lists do not (a benefit of another rule set) still show, last, and
  // once: a share's code is present in its numerator and its denominator alike.
  return [...new Set([...base, ...present])];
}

function labelsOf(breakdown: BreakdownId, code: string, input: ReportInput): { label: Text; short?: Text } {
  if (code === missingCategory(breakdown).code && !BREAKDOWNS[breakdown].categories) return { label: missingLabel(breakdown) };
  if (breakdown === 'territory') {
    const name = input.territories.find((territory) => territory.istatCode === code)?.name ?? code;
    return { label: { it: name, en: name } };
  }
  if (breakdown === 'benefit') {
    const benefit = benefitLabel(code);
    return benefit ? { label: benefit.name, short: benefit.short } : { label: { it: code, en: code } };
  }
  if (breakdown === 'fact') return { label: factLabel(code) };
  if (breakdown === 'factBenefit') {
    const pair = splitFactBenefit(code);
    if (!pair) return { label: { it: code, en: code } };
    const fact = factLabel(pair.fact);
    const benefit = benefitLabel(pair.benefitId);
    const name = (lang: ReportLanguage): string =>
      word('label.factBenefit', lang, { fact: textIn(fact, lang), benefit: benefit ? textIn(benefit.name, lang) : pair.benefitId });
    // Short: the benefit alone, for the table that lists the pairs under their fact.
    return { label: { it: name('it'), en: name('en') }, short: benefit ? benefit.short : { it: pair.benefitId, en: pair.benefitId } };
  }
  return { label: categoryLabel(breakdown, code) ?? { it: code, en: code } };
}

/**
 * A breakdown's counts with what they leave out of the total in the breakdown's missing category
 * (missingCategory), so that every breakdown adds up: a screening without a comune is in the
 * national total and must be somewhere in its territory breakdown.
 */
function withMissing(cells: CategoryCounts | undefined, total: number | null, breakdown: BreakdownId): CategoryCounts | undefined {
  if (!cells || total === null) return cells;
  const placed = Object.values(cells).reduce((sum, count) => sum + count, 0);
  if (placed >= total) return cells;
  const missing = missingCategory(breakdown).code;
  return { ...cells, [missing]: (cells[missing] ?? 0) + total - placed };
}

function buildIndicator(definition: IndicatorDefinition, input: ReportInput): IndicatorFigures {
  const { unit } = definition;
  let numerator: number | null;
  let denominator: number | null = null;
  let value: number | null;
  const breakdowns: BreakdownFigures[] = [];

  if (unit === 'days') {
    const data = input.medians[definition.numerator];
    numerator = data ? data.observations : null;
    value = data ? roundValue(data.median, unit) : null;
    for (const breakdown of definition.breakdowns) {
      const given = data?.by?.[breakdown];
      if (!given) continue;
      // Observations no category holds go to the missing category, without a median of their own.
      const placed = Object.values(given).reduce((sum, cell) => sum + cell.observations, 0);
      const missing = missingCategory(breakdown).code;
      const cells: Readonly<Record<string, MedianCell>> =
        numerator !== null && numerator > placed
          ? { ...given, [missing]: { observations: numerator - placed + (given[missing]?.observations ?? 0), median: given[missing]?.median ?? null } }
          : given;
      const categories: CategoryFigures[] = categoryOrder(breakdown, input, Object.keys(cells))
        .filter((code) => cells[code] !== undefined)
        .map((code) => ({
          category: code,
          ...labelsOf(breakdown, code, input),
          numerator: cells[code].observations,
          denominator: null,
          value: roundValue(cells[code].median, unit),
        }));
      const additive = categories.reduce((sum, figures) => sum + (figures.numerator as number), 0) === numerator;
      breakdowns.push({ breakdown, label: breakdownLabel(breakdown), additive, categories });
    }
  } else {
    const num = input.measures[definition.numerator];
    const den = definition.denominator ? input.measures[definition.denominator] : undefined;
    numerator = num ? num.total : null;
    denominator = definition.denominator ? (den ? den.total : null) : null;
    value = unit === 'share' ? roundValue(share(numerator, denominator), unit) : numerator;
    for (const breakdown of definition.breakdowns) {
      const numCells = withMissing(num?.by?.[breakdown], numerator, breakdown);
      const denCells = withMissing(den?.by?.[breakdown], denominator, breakdown);
      if (!numCells || (definition.denominator && !denCells)) continue;
      const present = [...Object.keys(numCells), ...Object.keys(denCells ?? {})];
      const categories: CategoryFigures[] = categoryOrder(breakdown, input, present).map((code) => {
        const n = numCells[code] ?? 0;
        const d = definition.denominator ? (denCells?.[code] ?? 0) : null;
        return {
          category: code,
          ...labelsOf(breakdown, code, input),
          numerator: n,
          denominator: d,
          value: unit === 'share' ? roundValue(share(n, d), unit) : n,
        };
      });
      const sumOf = (pick: (figures: CategoryFigures) => number | null): number => categories.reduce((sum, figures) => sum + (pick(figures) ?? 0), 0);
      const additive =
        sumOf((figures) => figures.numerator as number) === numerator &&
        (!definition.denominator || sumOf((figures) => figures.denominator as number | null) === denominator);
      breakdowns.push({ breakdown, label: breakdownLabel(breakdown), additive, categories });
    }
  }

  const { previous, change } = previousOf(definition, input, value);
  return {
    indicatorId: definition.id,
    section: definition.section,
    label: indicatorLabel(definition.id),
    unit,
    numeratorMeasure: definition.numerator,
    denominatorMeasure: definition.denominator,
    numerator,
    denominator,
    value,
    previous,
    change,
    breakdowns,
  };
}

function previousOf(
  definition: IndicatorDefinition,
  input: ReportInput,
  current: number | null,
): { previous: PreviousFigures | null; change: ChangeFigures | null } {
  if (!input.previous) return { previous: null, change: null };
  let previous: PreviousFigures | null = null;
  if (definition.unit === 'days') {
    const cell = input.previous.medians[definition.numerator];
    if (cell) previous = { numerator: cell.observations, denominator: null, value: roundValue(cell.median, 'days') };
  } else {
    const num = input.previous.measures[definition.numerator];
    const den = definition.denominator ? input.previous.measures[definition.denominator] : undefined;
    if (num) {
      const denominator = definition.denominator ? (den ? den.total : null) : null;
      previous = {
        numerator: num.total,
        denominator,
        value: definition.unit === 'share' ? roundValue(share(num.total, denominator), 'share') : num.total,
      };
    }
  }
  if (!previous) return { previous: null, change: null };
  const raw = changeVersusPrevious(current, typeof previous.value === 'number' ? previous.value : null);
  return {
    previous,
    change: {
      absolute: raw.absolute === null ? null : roundValue(raw.absolute, definition.unit),
      percent: raw.percent === null ? null : roundTo(raw.percent, PERCENT_DECIMALS),
    },
  };
}

export function buildReportSnapshot(input: ReportInput): ReportSnapshot {
  const semester = parseSemester(input.semester);
  if (Number.isNaN(Date.parse(input.generatedAt))) throw new RangeError(`generatedAt must be an ISO instant, got ${input.generatedAt}`);
  const meta: ReportMeta = {
    semester: semester.id,
    previousSemester: previousSemester(semester).id,
    period: { from: semesterFirstDay(semester), to: semesterLastDay(semester) },
    scope: input.scope,
    territories: input.territories,
    version: input.version,
    generatedAt: new Date(input.generatedAt).toISOString(),
    ruleSetIds: input.ruleSetIds,
    partnerView: false,
  };
  const indicators = INDICATORS.map((definition) => buildIndicator(definition, input));
  return {
    schemaVersion: 1,
    meta,
    ...deriveSections(meta, indicators),
    indicators,
    parameterNotes: input.parameterNotes,
  };
}
