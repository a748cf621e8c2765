import type { Text } from '@inps/kernel';
import { splitFactBenefit, type BreakdownId } from '../../../domain/breakdowns';
import type { IndicatorSection, IndicatorUnit, MeasureId } from '../../../domain/indicators';

/**
 * The frozen content of one semiannual report for one scope and version. Everything a renderer
 * shows is in here, labels included, so that re-rendering an old report years later gives the
 * same document even after indicator names or benefit names were corrected.
 */

/**
 * small: a count from 1 to 4 ("< 5"); withheld: a category of a small total; complementary:
 * hidden so that another hidden figure cannot be worked out; derived: a share, change or median
 * computed from hidden figures. Only the first reads "< 5", the others "n.d.".
 */
export type SuppressionMark = 'small' | 'withheld' | 'complementary' | 'derived';

export interface Suppressed {
  readonly suppressed: SuppressionMark;
}

/** A figure: a number, `null` when it does not apply or cannot be computed (a share of 0), or suppressed. */
export type ReportNumber = number | null | Suppressed;

export function isSuppressed(value: ReportNumber | undefined): value is Suppressed {
  return typeof value === 'object' && value !== null;
}

export function plainNumber(value: ReportNumber | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

export type ScopeLevel = 'NATIONAL' | 'REGION' | 'METROPOLITAN_CITY' | 'PROVINCE' | 'COMUNE';

export interface ReportScope {
  readonly level: ScopeLevel;
  /** ISTAT code; null for the national report. */
  readonly istatCode: string | null;
  readonly name: string;
}

export interface TerritoryLabel {
  readonly istatCode: string;
  readonly name: string;
  readonly level: ScopeLevel;
}

export interface ReportMeta {
  readonly semester: string;
  readonly previousSemester: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly scope: ReportScope;
  /** The scope's territories one level down, in display order (regions of Italy, provinces of a region). */
  readonly territories: readonly TerritoryLabel[];
  readonly version: number;
  /** ISO instant; fixed in the snapshot so that rendering is reproducible. */
  readonly generatedAt: string;
  readonly ruleSetIds: readonly string[];
  /** True when small-count suppression was applied and internal indicators removed. */
  readonly partnerView: boolean;
}

export interface CategoryFigures {
  readonly category: string;
  readonly label: Text;
  /** Benefits only: a name that fits a chart axis. */
  readonly short?: Text;
  readonly numerator: ReportNumber;
  readonly denominator: ReportNumber;
  readonly value: ReportNumber;
}

export interface BreakdownFigures {
  readonly breakdown: BreakdownId;
  readonly label: Text;
  /** Categories add up to the total (always, for the measures defined today; kept explicit for suppression). */
  readonly additive: boolean;
  readonly categories: readonly CategoryFigures[];
}

export interface PreviousFigures {
  readonly numerator: ReportNumber;
  readonly denominator: ReportNumber;
  readonly value: ReportNumber;
}

export interface ChangeFigures {
  readonly absolute: ReportNumber;
  /** Percent of the previous value (12.5 = +12.5 %). */
  readonly percent: ReportNumber;
}

export interface IndicatorFigures {
  readonly indicatorId: string;
  readonly section: IndicatorSection;
  readonly label: Text;
  readonly unit: IndicatorUnit;
  readonly numeratorMeasure: MeasureId;
  readonly denominatorMeasure: MeasureId | null;
  /** For `days`: the number of observations. */
  readonly numerator: ReportNumber;
  readonly denominator: ReportNumber;
  /** count: = numerator; share: numerator / denominator, 4 decimals; days: median, 1 decimal. */
  readonly value: ReportNumber;
  readonly previous: PreviousFigures | null;
  readonly change: ChangeFigures | null;
  readonly breakdowns: readonly BreakdownFigures[];
}

export interface KeyFigure {
  readonly indicatorId: string;
  readonly label: Text;
  readonly unit: IndicatorUnit;
  readonly value: ReportNumber;
  readonly previous: ReportNumber;
  readonly change: ChangeFigures | null;
}

export interface BenefitScreeningRow {
  readonly benefitId: string;
  readonly name: Text;
  readonly short: Text;
  /** Screenings that assessed the benefit. */
  readonly screenings: ReportNumber;
  readonly likelyEligible: ReportNumber;
  readonly undetermined: ReportNumber;
  readonly likelyShare: ReportNumber;
}

/** A fact people answered "I don't know" to, and the benefits its absence left undetermined (most often first). */
export interface UnknownFactRow {
  readonly fact: string;
  readonly label: Text;
  /** Screenings with a don't-know answer to it. */
  readonly answers: ReportNumber;
  readonly undetermined: readonly UnknownFactBenefit[];
}

export interface UnknownFactBenefit {
  readonly benefitId: string;
  readonly short: Text;
  /** Screenings whose verdict on the benefit stayed UNDETERMINED for lack of the fact. */
  readonly screenings: ReportNumber;
}

export interface TerritoryRow {
  readonly istatCode: string;
  readonly name: string;
  readonly level: ScopeLevel;
  readonly screenings: ReportNumber;
  readonly contacted: ReportNumber;
  readonly takenInCharge: ReportNumber;
  readonly takeInChargeRate: ReportNumber;
}

export interface BenefitApplicationsRow {
  readonly benefitId: string;
  readonly name: Text;
  readonly short: Text;
  readonly filed: ReportNumber;
  readonly decided: ReportNumber;
  readonly granted: ReportNumber;
  readonly grantedShare: ReportNumber;
  readonly medianDaysToApplication: ReportNumber;
  /** Median days from the screening to the day the application was granted. */
  readonly medianDaysToGrant: ReportNumber;
}

export interface NeedRow {
  readonly needType: string;
  readonly label: Text;
  readonly found: ReportNumber;
  readonly resolved: ReportNumber;
  readonly resolvedShare: ReportNumber;
}

export interface ReturnsRow {
  readonly istatCode: string | null;
  readonly name: string;
  readonly expected: ReportNumber;
  readonly received: ReportNumber;
  readonly onTime: ReportNumber;
  readonly completeness: ReportNumber;
  readonly timeliness: ReportNumber;
}

export interface ReturnsCompleteness {
  readonly total: ReturnsRow;
  readonly byTerritory: readonly ReturnsRow[];
}

export interface GovernanceFigures {
  readonly activeAgreements: ReportNumber;
  readonly agreementsByKind: readonly { readonly kind: string; readonly label: Text; readonly count: ReportNumber }[];
  readonly territoriesCovered: ReportNumber;
  readonly territoriesInScope: ReportNumber;
  readonly coverage: ReportNumber;
  readonly medianReviewDays: ReportNumber;
  readonly technicalTableMeetings: ReportNumber;
  readonly meetingsByLevel: readonly { readonly level: string; readonly label: Text; readonly count: ReportNumber }[];
}

/** A rule-set parameter used in the semester whose figure INPS has not confirmed from a primary source. */
export interface ParameterNote {
  readonly ruleSetId: string;
  readonly benefitId: string;
  readonly parameter: string;
  readonly value: number;
  readonly unit: 'EUR' | 'EUR_MONTH' | 'EUR_YEAR' | 'DAYS';
  readonly note: Text;
}

export interface ReportSnapshot {
  readonly schemaVersion: 1;
  readonly meta: ReportMeta;
  readonly keyFigures: readonly KeyFigure[];
  readonly indicators: readonly IndicatorFigures[];
  readonly screeningByBenefit: readonly BenefitScreeningRow[];
  /** "Facts people could not answer". */
  readonly unknownFacts: readonly UnknownFactRow[];
  readonly territories: readonly TerritoryRow[];
  readonly applicationsByBenefit: readonly BenefitApplicationsRow[];
  readonly needs: readonly NeedRow[];
  readonly returns: ReturnsCompleteness | null;
  /** Internal: absent from partners' reports. */
  readonly governance: GovernanceFigures | null;
  readonly parameterNotes: readonly ParameterNote[];
}

/** Indicators shown as key figures, in this order, when present. */
const KEY_FIGURE_IDS: readonly string[] = [
  'activity.peopleContacted',
  'screening.completed',
  'screening.withLikelyBenefitShare',
  'takenInCharge.new',
  'takenInCharge.rate',
  'needs.found',
  'help.applicationsFiled',
  'effectiveness.applicationsGrantedShare',
  'dataQuality.returnsCompleteness',
];

type Sections = Omit<ReportSnapshot, 'schemaVersion' | 'meta' | 'indicators' | 'parameterNotes'>;

/**
 * The presentation tables are views of the indicator rows: computing them from the rows (also
 * after suppression) guarantees that a figure reads the same in every table it appears in.
 */
export function deriveSections(meta: ReportMeta, indicators: readonly IndicatorFigures[]): Sections {
  const row = (id: string): IndicatorFigures | undefined => indicators.find((indicator) => indicator.indicatorId === id);
  const categories = (id: string, breakdown: BreakdownId): readonly CategoryFigures[] =>
    row(id)?.breakdowns.find((figures) => figures.breakdown === breakdown)?.categories ?? [];
  const category = (id: string, breakdown: BreakdownId, code: string): CategoryFigures | undefined =>
    categories(id, breakdown).find((figures) => figures.category === code);
  const codes = (...sources: (readonly CategoryFigures[])[]): CategoryFigures[] => {
    const seen = new Map<string, CategoryFigures>();
    for (const source of sources) for (const figures of source) if (!seen.has(figures.category)) seen.set(figures.category, figures);
    return [...seen.values()];
  };

  const keyFigures: KeyFigure[] = KEY_FIGURE_IDS.flatMap((id) => {
    const indicator = row(id);
    if (!indicator) return [];
    return [
      {
        indicatorId: id,
        label: indicator.label,
        unit: indicator.unit,
        value: indicator.value,
        previous: indicator.previous ? indicator.previous.value : null,
        change: indicator.change,
      },
    ];
  });

  const screeningByBenefit: BenefitScreeningRow[] = codes(
    categories('screening.likelyShareByBenefit', 'benefit'),
    categories('screening.likelyBenefits', 'benefit'),
    categories('screening.undeterminedBenefits', 'benefit'),
  ).map((figures) => {
    const shareRow = category('screening.likelyShareByBenefit', 'benefit', figures.category);
    return {
      benefitId: figures.category,
      name: figures.label,
      short: figures.short ?? figures.label,
      screenings: shareRow?.denominator ?? null,
      likelyEligible: category('screening.likelyBenefits', 'benefit', figures.category)?.numerator ?? null,
      undetermined: category('screening.undeterminedBenefits', 'benefit', figures.category)?.numerator ?? null,
      likelyShare: shareRow?.value ?? null,
    };
  });

  const undeterminedFor = categories('screening.unknownFactsByBenefit', 'factBenefit');
  const unknownFacts: UnknownFactRow[] = categories('screening.unknownFacts', 'fact').map((figures) => ({
    fact: figures.category,
    label: figures.label,
    answers: figures.numerator,
    undetermined: undeterminedFor.flatMap((pair) => {
      const split = splitFactBenefit(pair.category);
      if (!split || split.fact !== figures.category) return [];
      // A pair's short label is its benefit's alone: the fact is the row it sits in.
      return [{ benefitId: split.benefitId, short: pair.short ?? pair.label, screenings: pair.numerator }];
    }),
  }));

  const territories: TerritoryRow[] = meta.territories.map((territory) => ({
    istatCode: territory.istatCode,
    name: territory.name,
    level: territory.level,
    screenings: category('screening.completed', 'territory', territory.istatCode)?.numerator ?? null,
    contacted: category('activity.peopleContacted', 'territory', territory.istatCode)?.numerator ?? null,
    takenInCharge: category('takenInCharge.new', 'territory', territory.istatCode)?.numerator ?? null,
    takeInChargeRate: category('takenInCharge.rate', 'territory', territory.istatCode)?.value ?? null,
  }));

  const applicationsByBenefit: BenefitApplicationsRow[] = codes(
    categories('help.applicationsFiled', 'benefit'),
    categories('effectiveness.applicationsGrantedShare', 'benefit'),
  ).map((figures) => {
    const effectiveness = category('effectiveness.applicationsGrantedShare', 'benefit', figures.category);
    return {
      benefitId: figures.category,
      name: figures.label,
      short: figures.short ?? figures.label,
      filed: category('help.applicationsFiled', 'benefit', figures.category)?.numerator ?? null,
      decided: effectiveness?.denominator ?? null,
      granted: effectiveness?.numerator ?? null,
      grantedShare: effectiveness?.value ?? null,
      medianDaysToApplication: category('effectiveness.medianDaysToApplication', 'benefit', figures.category)?.value ?? null,
      medianDaysToGrant: category('effectiveness.medianDaysToGrant', 'benefit', figures.category)?.value ?? null,
    };
  });

  const needs: NeedRow[] = categories('needs.found', 'needType').map((figures) => {
    const resolved = category('effectiveness.needsResolvedShare', 'needType', figures.category);
    return {
      needType: figures.category,
      label: figures.label,
      found: figures.numerator,
      resolved: resolved?.numerator ?? null,
      resolvedShare: resolved?.value ?? null,
    };
  });

  const completeness = row('dataQuality.returnsCompleteness');
  const timeliness = row('dataQuality.returnsTimeliness');
  const returnsRow = (
    istatCode: string | null,
    name: string,
    received?: CategoryFigures | IndicatorFigures,
    onTime?: CategoryFigures | IndicatorFigures,
  ): ReturnsRow => ({
    istatCode,
    name,
    expected: received?.denominator ?? null,
    received: received?.numerator ?? null,
    onTime: onTime?.numerator ?? null,
    completeness: received?.value ?? null,
    timeliness: onTime?.value ?? null,
  });
  const returns: ReturnsCompleteness | null = completeness
    ? {
        total: returnsRow(meta.scope.istatCode, meta.scope.name, completeness, timeliness),
        byTerritory: meta.territories.map((territory) =>
          returnsRow(
            territory.istatCode,
            territory.name,
            category('dataQuality.returnsCompleteness', 'territory', territory.istatCode),
            category('dataQuality.returnsTimeliness', 'territory', territory.istatCode),
          ),
        ),
      }
    : null;

  const agreements = row('governance.activeAgreements');
  const coverage = row('governance.territoriesCovered');
  const review = row('governance.medianReviewDays');
  const meetings = row('governance.technicalTableMeetings');
  const governance: GovernanceFigures | null =
    agreements || coverage || review || meetings
      ? {
          activeAgreements: agreements?.value ?? null,
          agreementsByKind: categories('governance.activeAgreements', 'agreementKind').map((figures) => ({
            kind: figures.category,
            label: figures.label,
            count: figures.numerator,
          })),
          territoriesCovered: coverage?.numerator ?? null,
          territoriesInScope: coverage?.denominator ?? null,
          coverage: coverage?.value ?? null,
          medianReviewDays: review?.value ?? null,
          technicalTableMeetings: meetings?.value ?? null,
          meetingsByLevel: categories('governance.technicalTableMeetings', 'tableLevel').map((figures) => ({
            level: figures.category,
            label: figures.label,
            count: figures.numerator,
          })),
        }
      : null;

  return { keyFigures, screeningByBenefit, unknownFacts, territories, applicationsByBenefit, needs, returns, governance };
}
