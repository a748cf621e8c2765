import type { BreakdownId } from './breakdowns';

/**
 * The semiannual indicators of docs/domain.md §5, as data (their names, and the measures', are in
 * the service's message catalogue: `indicator.<id>`, `measure.<id>`). An indicator is a numerator
 * measure, an optional denominator measure and a unit; the report compiler computes every
 * indicator the same way from measure totals and breakdowns, so a new indicator is a new
 * entry here, not new code.
 */

export type IndicatorSection = 'activity' | 'screening' | 'takenInCharge' | 'needs' | 'help' | 'effectiveness' | 'governance' | 'dataQuality';

/** In the reports' order; their names are in the message catalogue (`section.<id>`). */
export const SECTIONS: readonly { readonly id: IndicatorSection }[] = (
  ['activity', 'screening', 'takenInCharge', 'needs', 'help', 'effectiveness', 'governance', 'dataQuality'] as const
).map((id) => ({ id }));

/** count: a number of things; share: numerator / denominator in [0, 1]; days: a median duration. */
export type IndicatorUnit = 'count' | 'share' | 'days';

/** `followUpsAndReturns`: follow-ups recorded in the system, and partners' returns where no follow-up counts the same work (breakdown `source`). */
type MeasureSource = 'screenings' | 'followUps' | 'returns' | 'followUpsAndReturns' | 'agreements' | 'outreachEvents' | 'returnsRegistry';

export type MeasureId =
  | 'outreachEventsHeld'
  | 'outreachEventsCommunicatedInTime'
  | 'mobileUnitRequests'
  | 'mobileUnitRequestsOnTime'
  | 'peopleContacted'
  | 'outreachPeopleContacted'
  | 'screeningsCompleted'
  | 'screeningsWithLikelyBenefit'
  | 'screeningsStoppedMissingIsee'
  | 'screeningsStoppedMissingResidence'
  | 'benefitAssessments'
  | 'likelyVerdicts'
  | 'undeterminedVerdicts'
  | 'unknownFactAnswers'
  | 'unknownFactsLeavingUndetermined'
  | 'peopleTakenInCharge'
  | 'needsFound'
  | 'needsResolved'
  | 'helpGiven'
  | 'applicationsFiled'
  | 'applicationsGranted'
  | 'applicationsDecided'
  | 'daysScreeningToApplication'
  | 'daysScreeningToGrant'
  | 'activeAgreements'
  | 'territoriesCovered'
  | 'territoriesInScope'
  | 'agreementReviewDays'
  | 'technicalTableMeetings'
  | 'technicalTableIssuesEscalated'
  | 'returnsExpected'
  | 'returnsReceived'
  | 'returnsOnTime';

export interface MeasureDefinition {
  readonly id: MeasureId;
  readonly source: MeasureSource;
  /**
   * Whether the measure counts people or things about people (screenings, needs, help,
   * applications). Only those can identify someone in a small group, so only those are
   * subject to small-count suppression; events, agreements and returns are public facts.
   */
  readonly aboutPeople: boolean;
  /**
   * `sum`: a count whose breakdown categories add up to the total (multi-valued facts such as
   * needs are counted as person–category pairs, so they add up too). `median`: a duration
   * whose count is the number of observations.
   */
  readonly aggregation: 'sum' | 'median';
}

/** Days ahead a mobile unit must be requested (the agreements service's MOBILE_UNIT_MIN_LEAD_DAYS), as the labels say. */
export const MOBILE_UNIT_MIN_LEAD_DAYS = 15;

const m = (id: MeasureId, source: MeasureSource, aboutPeople: boolean, aggregation: 'sum' | 'median' = 'sum'): MeasureDefinition => ({
  id,
  source,
  aboutPeople,
  aggregation,
});

export const MEASURES: Readonly<Record<MeasureId, MeasureDefinition>> = {
  outreachEventsHeld: m('outreachEventsHeld', 'outreachEvents', false),
  outreachEventsCommunicatedInTime: m('outreachEventsCommunicatedInTime', 'outreachEvents', false),
  mobileUnitRequests: m('mobileUnitRequests', 'outreachEvents', false),
  mobileUnitRequestsOnTime: m('mobileUnitRequestsOnTime', 'outreachEvents', false),
  peopleContacted: m('peopleContacted', 'followUpsAndReturns', true),
  outreachPeopleContacted: m('outreachPeopleContacted', 'outreachEvents', true),
  screeningsCompleted: m('screeningsCompleted', 'screenings', true),
  screeningsWithLikelyBenefit: m('screeningsWithLikelyBenefit', 'screenings', true),
  screeningsStoppedMissingIsee: m('screeningsStoppedMissingIsee', 'screenings', true),
  screeningsStoppedMissingResidence: m('screeningsStoppedMissingResidence', 'screenings', true),
  benefitAssessments: m('benefitAssessments', 'screenings', true),
  likelyVerdicts: m('likelyVerdicts', 'screenings', true),
  undeterminedVerdicts: m('undeterminedVerdicts', 'screenings', true),
  // One per screening and fact answered "I don't know"; and one per such fact and benefit it left UNDETERMINED.
  unknownFactAnswers: m('unknownFactAnswers', 'screenings', true),
  unknownFactsLeavingUndetermined: m('unknownFactsLeavingUndetermined', 'screenings', true),
  peopleTakenInCharge: m('peopleTakenInCharge', 'followUpsAndReturns', true),
  needsFound: m('needsFound', 'followUpsAndReturns', true),
  needsResolved: m('needsResolved', 'returns', true),
  helpGiven: m('helpGiven', 'followUpsAndReturns', true),
  applicationsFiled: m('applicationsFiled', 'followUps', true),
  applicationsGranted: m('applicationsGranted', 'followUps', true),
  applicationsDecided: m('applicationsDecided', 'followUps', true),
  daysScreeningToApplication: m('daysScreeningToApplication', 'followUps', true, 'median'),
  daysScreeningToGrant: m('daysScreeningToGrant', 'followUps', true, 'median'),
  activeAgreements: m('activeAgreements', 'agreements', false),
  territoriesCovered: m('territoriesCovered', 'agreements', false),
  territoriesInScope: m('territoriesInScope', 'agreements', false),
  agreementReviewDays: m('agreementReviewDays', 'agreements', false, 'median'),
  technicalTableMeetings: m('technicalTableMeetings', 'agreements', false),
  technicalTableIssuesEscalated: m('technicalTableIssuesEscalated', 'agreements', false),
  returnsExpected: m('returnsExpected', 'returnsRegistry', false),
  returnsReceived: m('returnsReceived', 'returnsRegistry', false),
  returnsOnTime: m('returnsOnTime', 'returnsRegistry', false),
};

export interface IndicatorDefinition {
  readonly id: string;
  readonly section: IndicatorSection;
  readonly unit: IndicatorUnit;
  /** For `days` the numerator is the duration measure: its count is the observations, the value their median. */
  readonly numerator: MeasureId;
  readonly denominator: MeasureId | null;
  readonly breakdowns: readonly BreakdownId[];
  /** Whether partners' reports include it (always with small counts suppressed). */
  readonly partnerVisible: boolean;
}

const i = (
  id: string,
  section: IndicatorSection,
  unit: IndicatorUnit,
  numerator: MeasureId,
  denominator: MeasureId | null,
  breakdowns: readonly BreakdownId[],
  partnerVisible: boolean,
): IndicatorDefinition => ({ id, section, unit, numerator, denominator, breakdowns, partnerVisible });

const PEOPLE_BREAKDOWNS: readonly BreakdownId[] = ['territory', 'ageBand', 'sex', 'citizenshipGroup', 'housingCondition', 'source'];

export const INDICATORS: readonly IndicatorDefinition[] = [
  // Activity
  i('activity.eventsHeld', 'activity', 'count', 'outreachEventsHeld', null, ['territory'], true),
  i('activity.eventsCommunicatedInTime', 'activity', 'share', 'outreachEventsCommunicatedInTime', 'outreachEventsHeld', ['territory'], false),
  i('activity.mobileUnitRequestsOnTime', 'activity', 'share', 'mobileUnitRequestsOnTime', 'mobileUnitRequests', ['territory'], false),
  // Head counts given by the organisers of the events held (agreements service), beside the partners' returns below.
  i('activity.peopleContactedAtEvents', 'activity', 'count', 'outreachPeopleContacted', null, ['territory'], true),
  i('activity.peopleContacted', 'activity', 'count', 'peopleContacted', null, PEOPLE_BREAKDOWNS, true),
  // Screening
  i('screening.completed', 'screening', 'count', 'screeningsCompleted', null, ['channel', 'territory'], true),
  i('screening.likelyBenefits', 'screening', 'count', 'likelyVerdicts', null, ['benefit', 'territory'], true),
  i('screening.undeterminedBenefits', 'screening', 'count', 'undeterminedVerdicts', null, ['benefit'], true),
  i('screening.likelyShareByBenefit', 'screening', 'share', 'likelyVerdicts', 'benefitAssessments', ['benefit'], true),
  i('screening.withLikelyBenefitShare', 'screening', 'share', 'screeningsWithLikelyBenefit', 'screeningsCompleted', ['channel', 'territory'], true),
  i('screening.stoppedMissingIseeShare', 'screening', 'share', 'screeningsStoppedMissingIsee', 'screeningsCompleted', ['territory'], true),
  i('screening.stoppedMissingResidenceShare', 'screening', 'share', 'screeningsStoppedMissingResidence', 'screeningsCompleted', ['territory'], true),
  // What people could not answer: what the programme must help them find out. The second is one-way
  // (fact × benefit pairs as one list): suppression is exact for one-way tables, not for cross-tabulations.
  i('screening.unknownFacts', 'screening', 'count', 'unknownFactAnswers', null, ['fact', 'channel', 'territory'], true),
  i('screening.unknownFactsByBenefit', 'screening', 'count', 'unknownFactsLeavingUndetermined', null, ['factBenefit', 'channel', 'territory'], true),
  // People taken in charge
  i('takenInCharge.new', 'takenInCharge', 'count', 'peopleTakenInCharge', null, PEOPLE_BREAKDOWNS, true),
  i('takenInCharge.rate', 'takenInCharge', 'share', 'peopleTakenInCharge', 'peopleContacted', ['territory', 'source'], true),
  // Needs
  i('needs.found', 'needs', 'count', 'needsFound', null, ['needType', 'territory', 'source'], true),
  // Help given
  i('help.given', 'help', 'count', 'helpGiven', null, ['helpType', 'territory', 'source'], true),
  i('help.applicationsFiled', 'help', 'count', 'applicationsFiled', null, ['benefit', 'territory'], true),
  // Effectiveness
  i('effectiveness.applicationsGrantedShare', 'effectiveness', 'share', 'applicationsGranted', 'applicationsDecided', ['benefit', 'territory'], true),
  i('effectiveness.needsResolvedShare', 'effectiveness', 'share', 'needsResolved', 'needsFound', ['needType'], true),
  i('effectiveness.medianDaysToApplication', 'effectiveness', 'days', 'daysScreeningToApplication', null, ['benefit'], true),
  i('effectiveness.medianDaysToGrant', 'effectiveness', 'days', 'daysScreeningToGrant', null, ['benefit'], true),
  // Governance
  i('governance.activeAgreements', 'governance', 'count', 'activeAgreements', null, ['agreementKind'], false),
  i('governance.territoriesCovered', 'governance', 'share', 'territoriesCovered', 'territoriesInScope', [], false),
  i('governance.medianReviewDays', 'governance', 'days', 'agreementReviewDays', null, [], false),
  i('governance.technicalTableMeetings', 'governance', 'count', 'technicalTableMeetings', null, ['tableLevel'], false),
  i('governance.issuesEscalated', 'governance', 'count', 'technicalTableIssuesEscalated', null, ['territory'], false),
  // Data quality
  i('dataQuality.returnsCompleteness', 'dataQuality', 'share', 'returnsReceived', 'returnsExpected', ['territory'], true),
  i('dataQuality.returnsTimeliness', 'dataQuality', 'share', 'returnsOnTime', 'returnsExpected', ['territory'], true),
];

export function indicatorById(id: string): IndicatorDefinition | undefined {
  return INDICATORS.find((indicator) => indicator.id === id);
}

export function indicatorsOfSection(section: IndicatorSection): IndicatorDefinition[] {
  return INDICATORS.filter((indicator) => indicator.section === section);
}

/** numerator / denominator; null when it cannot be computed (no denominator, or a missing input). */
export function share(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator == null || denominator == null || denominator === 0) return null;
  return numerator / denominator;
}

export interface Change {
  /** current − previous, in the indicator's unit (for a share: a difference of shares, i.e. points / 100). */
  readonly absolute: number | null;
  /** (current − previous) / previous × 100; null when previous is 0 or unknown. */
  readonly percent: number | null;
}

export function changeVersusPrevious(current: number | null | undefined, previous: number | null | undefined): Change {
  if (current == null || previous == null) return { absolute: null, percent: null };
  const absolute = current - previous;
  return { absolute, percent: previous === 0 ? null : (absolute / previous) * 100 };
}

/** Median of the values (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rounding used for stored shares and changes, so that the JSON and CSV carry the same digits. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  // Symmetric half-away-from-zero, nudged so that 0.125 stored as 0.12499999… still rounds up.
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor * (1 + Number.EPSILON))) / factor;
  return rounded === 0 ? 0 : rounded;
}
