import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import type { Text } from '@inps/kernel';
import type { BreakdownId, IndicatorSection, IndicatorUnit, MeasureId } from '../../../domain';
import type {
  BenefitApplicationsRow,
  BenefitScreeningRow,
  BreakdownFigures,
  CategoryFigures,
  ChangeFigures,
  GovernanceFigures,
  IndicatorFigures,
  KeyFigure,
  NeedRow,
  ParameterNote,
  PreviousFigures,
  ReportMeta,
  ReportNumber,
  ReportScope,
  ReportSnapshot,
  ReturnsCompleteness,
  ReturnsRow,
  ScopeLevel,
  TerritoryLabel,
  TerritoryRow,
  UnknownFactBenefit,
  UnknownFactRow,
} from '../render';

// The report snapshot as the REST answers carry it (the indicators, a report and its JSON file).
// Each class implements the snapshot's own interface, so that the documentation cannot drift from
// what the code writes: a field added there fails to compile here until it is described.

const SCOPE_LEVELS: readonly ScopeLevel[] = ['NATIONAL', 'REGION', 'METROPOLITAN_CITY', 'PROVINCE', 'COMUNE'];
const UNITS: readonly IndicatorUnit[] = ['count', 'share', 'days'];

/** A figure: a number, null when it does not apply, or `{ suppressed }` when withheld from partners. */
const REPORT_NUMBER: ApiPropertyOptions = {
  nullable: true,
  oneOf: [
    { type: 'number' },
    {
      type: 'object',
      required: ['suppressed'],
      properties: {
        suppressed: { type: 'string', enum: ['small', 'withheld', 'complementary', 'derived'], description: 'small reads "< 5", the others "n.d."' },
      },
    },
  ],
};

export class TextView implements Text {
  @ApiProperty({ description: 'Italian, always' })
  readonly it: string;

  @ApiPropertyOptional({ description: 'English, when translated' })
  readonly en?: string;
}

export class ReportScopeView implements ReportScope {
  @ApiProperty({ enum: SCOPE_LEVELS })
  readonly level: ScopeLevel;

  @ApiProperty({ type: String, nullable: true, description: 'ISTAT code; null for Italy', example: '12' })
  readonly istatCode: string | null;

  @ApiProperty({ example: 'Lazio' })
  readonly name: string;
}

export class TerritoryLabelView implements TerritoryLabel {
  @ApiProperty({ example: '058' })
  readonly istatCode: string;

  @ApiProperty()
  readonly name: string;

  @ApiProperty({ enum: SCOPE_LEVELS })
  readonly level: ScopeLevel;
}

export class PeriodView {
  @ApiProperty({ format: 'date', example: '2026-01-01' })
  readonly from: string;

  @ApiProperty({ format: 'date', example: '2026-06-30' })
  readonly to: string;
}

export class ReportMetaView implements ReportMeta {
  @ApiProperty({ example: '2026S1' })
  readonly semester: string;

  @ApiProperty({ example: '2025S2' })
  readonly previousSemester: string;

  @ApiProperty({ type: PeriodView })
  readonly period: PeriodView;

  @ApiProperty({ type: ReportScopeView })
  readonly scope: ReportScopeView;

  @ApiProperty({ type: [TerritoryLabelView], description: "the scope's territories one level down, in display order" })
  readonly territories: readonly TerritoryLabelView[];

  @ApiProperty()
  readonly version: number;

  @ApiProperty({ format: 'date-time' })
  readonly generatedAt: string;

  @ApiProperty({ type: [String] })
  readonly ruleSetIds: readonly string[];

  @ApiProperty({ description: 'small counts suppressed and internal indicators left out' })
  readonly partnerView: boolean;
}

export class CategoryFiguresView implements CategoryFigures {
  @ApiProperty()
  readonly category: string;

  @ApiProperty({ type: TextView })
  readonly label: TextView;

  @ApiPropertyOptional({ type: TextView, description: 'benefits only: a name that fits a chart axis' })
  readonly short?: TextView;

  @ApiProperty(REPORT_NUMBER)
  readonly numerator: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly denominator: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly value: ReportNumber;
}

export class BreakdownFiguresView implements BreakdownFigures {
  @ApiProperty({ type: String, example: 'ageBand' })
  readonly breakdown: BreakdownId;

  @ApiProperty({ type: TextView })
  readonly label: TextView;

  @ApiProperty({ description: 'the categories add up to the total' })
  readonly additive: boolean;

  @ApiProperty({ type: [CategoryFiguresView] })
  readonly categories: readonly CategoryFiguresView[];
}

export class PreviousFiguresView implements PreviousFigures {
  @ApiProperty(REPORT_NUMBER)
  readonly numerator: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly denominator: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly value: ReportNumber;
}

export class ChangeFiguresView implements ChangeFigures {
  @ApiProperty(REPORT_NUMBER)
  readonly absolute: ReportNumber;

  @ApiProperty({ ...REPORT_NUMBER, description: 'percent of the previous value (12.5 = +12.5 %)' })
  readonly percent: ReportNumber;
}

export class IndicatorFiguresView implements IndicatorFigures {
  @ApiProperty({ example: 'screening.completed' })
  readonly indicatorId: string;

  @ApiProperty({ type: String, example: 'screening' })
  readonly section: IndicatorSection;

  @ApiProperty({ type: TextView })
  readonly label: TextView;

  @ApiProperty({ enum: UNITS })
  readonly unit: IndicatorUnit;

  @ApiProperty({ type: String })
  readonly numeratorMeasure: MeasureId;

  @ApiProperty({ type: String, nullable: true })
  readonly denominatorMeasure: MeasureId | null;

  @ApiProperty({ ...REPORT_NUMBER, description: 'for days: the number of observations' })
  readonly numerator: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly denominator: ReportNumber;

  @ApiProperty({ ...REPORT_NUMBER, description: 'count: the numerator; share: numerator / denominator; days: the median' })
  readonly value: ReportNumber;

  @ApiProperty({ type: PreviousFiguresView, nullable: true })
  readonly previous: PreviousFiguresView | null;

  @ApiProperty({ type: ChangeFiguresView, nullable: true })
  readonly change: ChangeFiguresView | null;

  @ApiProperty({ type: [BreakdownFiguresView] })
  readonly breakdowns: readonly BreakdownFiguresView[];
}

export class KeyFigureView implements KeyFigure {
  @ApiProperty()
  readonly indicatorId: string;

  @ApiProperty({ type: TextView })
  readonly label: TextView;

  @ApiProperty({ enum: UNITS })
  readonly unit: IndicatorUnit;

  @ApiProperty(REPORT_NUMBER)
  readonly value: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly previous: ReportNumber;

  @ApiProperty({ type: ChangeFiguresView, nullable: true })
  readonly change: ChangeFiguresView | null;
}

export class BenefitScreeningRowView implements BenefitScreeningRow {
  @ApiProperty({ example: 'ADI' })
  readonly benefitId: string;

  @ApiProperty({ type: TextView })
  readonly name: TextView;

  @ApiProperty({ type: TextView })
  readonly short: TextView;

  @ApiProperty({ ...REPORT_NUMBER, description: 'screenings that assessed the benefit' })
  readonly screenings: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly likelyEligible: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly undetermined: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly likelyShare: ReportNumber;
}

export class UnknownFactBenefitView implements UnknownFactBenefit {
  @ApiProperty({ example: 'assegno-inclusione' })
  readonly benefitId: string;

  @ApiProperty({ type: TextView })
  readonly short: TextView;

  @ApiProperty({ ...REPORT_NUMBER, description: 'screenings whose verdict on the benefit stayed UNDETERMINED for lack of the fact' })
  readonly screenings: ReportNumber;
}

export class UnknownFactRowView implements UnknownFactRow {
  @ApiProperty({ example: 'isee', description: 'the fact, by its name in the fact vocabulary (docs/facts.md)' })
  readonly fact: string;

  @ApiProperty({ type: TextView })
  readonly label: TextView;

  @ApiProperty({ ...REPORT_NUMBER, description: 'screenings with an "I don\'t know" answer to it' })
  readonly answers: ReportNumber;

  @ApiProperty({ type: [UnknownFactBenefitView], description: 'the benefits its absence left undetermined, most often first' })
  readonly undetermined: readonly UnknownFactBenefitView[];
}

export class TerritoryRowView implements TerritoryRow {
  @ApiProperty()
  readonly istatCode: string;

  @ApiProperty()
  readonly name: string;

  @ApiProperty({ enum: SCOPE_LEVELS })
  readonly level: ScopeLevel;

  @ApiProperty(REPORT_NUMBER)
  readonly screenings: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly contacted: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly takenInCharge: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly takeInChargeRate: ReportNumber;
}

export class BenefitApplicationsRowView implements BenefitApplicationsRow {
  @ApiProperty()
  readonly benefitId: string;

  @ApiProperty({ type: TextView })
  readonly name: TextView;

  @ApiProperty({ type: TextView })
  readonly short: TextView;

  @ApiProperty(REPORT_NUMBER)
  readonly filed: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly decided: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly granted: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly grantedShare: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly medianDaysToApplication: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly medianDaysToGrant: ReportNumber;
}

export class NeedRowView implements NeedRow {
  @ApiProperty()
  readonly needType: string;

  @ApiProperty({ type: TextView })
  readonly label: TextView;

  @ApiProperty(REPORT_NUMBER)
  readonly found: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly resolved: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly resolvedShare: ReportNumber;
}

export class ReturnsRowView implements ReturnsRow {
  @ApiProperty({ type: String, nullable: true })
  readonly istatCode: string | null;

  @ApiProperty()
  readonly name: string;

  @ApiProperty(REPORT_NUMBER)
  readonly expected: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly received: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly onTime: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly completeness: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly timeliness: ReportNumber;
}

export class ReturnsCompletenessView implements ReturnsCompleteness {
  @ApiProperty({ type: ReturnsRowView })
  readonly total: ReturnsRowView;

  @ApiProperty({ type: [ReturnsRowView] })
  readonly byTerritory: readonly ReturnsRowView[];
}

export class AgreementKindCountView {
  @ApiProperty()
  readonly kind: string;

  @ApiProperty({ type: TextView })
  readonly label: TextView;

  @ApiProperty(REPORT_NUMBER)
  readonly count: ReportNumber;
}

export class TableLevelCountView {
  @ApiProperty()
  readonly level: string;

  @ApiProperty({ type: TextView })
  readonly label: TextView;

  @ApiProperty(REPORT_NUMBER)
  readonly count: ReportNumber;
}

export class GovernanceFiguresView implements GovernanceFigures {
  @ApiProperty(REPORT_NUMBER)
  readonly activeAgreements: ReportNumber;

  @ApiProperty({ type: [AgreementKindCountView] })
  readonly agreementsByKind: readonly AgreementKindCountView[];

  @ApiProperty(REPORT_NUMBER)
  readonly territoriesCovered: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly territoriesInScope: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly coverage: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly medianReviewDays: ReportNumber;

  @ApiProperty(REPORT_NUMBER)
  readonly technicalTableMeetings: ReportNumber;

  @ApiProperty({ type: [TableLevelCountView] })
  readonly meetingsByLevel: readonly TableLevelCountView[];
}

export class ParameterNoteView implements ParameterNote {
  @ApiProperty({ example: 'it-2026' })
  readonly ruleSetId: string;

  @ApiProperty()
  readonly benefitId: string;

  @ApiProperty()
  readonly parameter: string;

  @ApiProperty()
  readonly value: number;

  @ApiProperty({ enum: ['EUR', 'EUR_MONTH', 'EUR_YEAR', 'DAYS'] })
  readonly unit: 'EUR' | 'EUR_MONTH' | 'EUR_YEAR' | 'DAYS';

  @ApiProperty({ type: TextView })
  readonly note: TextView;
}

/** The frozen content of a report (or of the live indicators): everything its files show. */
export class ReportSnapshotView implements ReportSnapshot {
  @ApiProperty({ enum: [1] })
  readonly schemaVersion: 1;

  @ApiProperty({ type: ReportMetaView })
  readonly meta: ReportMetaView;

  @ApiProperty({ type: [KeyFigureView] })
  readonly keyFigures: readonly KeyFigureView[];

  @ApiProperty({ type: [IndicatorFiguresView] })
  readonly indicators: readonly IndicatorFiguresView[];

  @ApiProperty({ type: [BenefitScreeningRowView] })
  readonly screeningByBenefit: readonly BenefitScreeningRowView[];

  @ApiProperty({ type: [UnknownFactRowView], description: 'facts people could not answer ("I don\'t know"), most often first' })
  readonly unknownFacts: readonly UnknownFactRowView[];

  @ApiProperty({ type: [TerritoryRowView] })
  readonly territories: readonly TerritoryRowView[];

  @ApiProperty({ type: [BenefitApplicationsRowView] })
  readonly applicationsByBenefit: readonly BenefitApplicationsRowView[];

  @ApiProperty({ type: [NeedRowView] })
  readonly needs: readonly NeedRowView[];

  @ApiProperty({ type: ReturnsCompletenessView, nullable: true })
  readonly returns: ReturnsCompletenessView | null;

  @ApiProperty({ type: GovernanceFiguresView, nullable: true, description: 'internal: absent from the partner view' })
  readonly governance: GovernanceFiguresView | null;

  @ApiProperty({ type: [ParameterNoteView] })
  readonly parameterNotes: readonly ParameterNoteView[];
}
