import type { Text } from '@inps/kernel';
import type { BreakdownId } from './breakdowns';

/**
 * The semiannual indicators of docs/domain.md §5, as data. An indicator is a numerator
 * measure, an optional denominator measure and a unit; the report compiler computes every
 * indicator the same way from measure totals and breakdowns, so a new indicator is a new
 * entry here, not new code.
 */

export type IndicatorSection = 'activity' | 'screening' | 'takenInCharge' | 'needs' | 'help' | 'effectiveness' | 'governance' | 'dataQuality';

export const SECTIONS: readonly { readonly id: IndicatorSection; readonly label: Text }[] = [
  { id: 'activity', label: { it: 'Attività sul territorio', en: 'Outreach activity' } },
  { id: 'screening', label: { it: 'Questionari (screening)', en: 'Screening' } },
  { id: 'takenInCharge', label: { it: 'Persone prese in carico', en: 'People taken in charge' } },
  { id: 'needs', label: { it: 'Bisogni rilevati', en: 'Needs found' } },
  { id: 'help', label: { it: 'Aiuti forniti', en: 'Help given' } },
  { id: 'effectiveness', label: { it: 'Efficacia', en: 'Effectiveness' } },
  { id: 'governance', label: { it: 'Governance', en: 'Governance' } },
  { id: 'dataQuality', label: { it: 'Qualità dei dati', en: 'Data quality' } },
];

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
  readonly label: Text;
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

const m = (id: MeasureId, source: MeasureSource, aboutPeople: boolean, it: string, en: string, aggregation: 'sum' | 'median' = 'sum'): MeasureDefinition => ({
  id,
  source,
  aboutPeople,
  aggregation,
  label: { it, en },
});

export const MEASURES: Readonly<Record<MeasureId, MeasureDefinition>> = {
  outreachEventsHeld: m('outreachEventsHeld', 'outreachEvents', false, 'Eventi svolti', 'Events held'),
  outreachEventsCommunicatedInTime: m('outreachEventsCommunicatedInTime', 'outreachEvents', false, 'Eventi comunicati in tempo', 'Events communicated in time'),
  mobileUnitRequests: m('mobileUnitRequests', 'outreachEvents', false, 'Richieste di unità mobile', 'Mobile-unit requests'),
  mobileUnitRequestsOnTime: m(
    'mobileUnitRequestsOnTime',
    'outreachEvents',
    false,
    'Richieste con almeno 15 giorni di anticipo',
    'Requests filed at least 15 days ahead',
  ),
  peopleContacted: m('peopleContacted', 'followUpsAndReturns', true, 'Persone contattate', 'People contacted'),
  outreachPeopleContacted: m('outreachPeopleContacted', 'outreachEvents', true, 'Persone contattate agli eventi', 'People contacted at events'),
  screeningsCompleted: m('screeningsCompleted', 'screenings', true, 'Questionari completati', 'Screenings completed'),
  screeningsWithLikelyBenefit: m(
    'screeningsWithLikelyBenefit',
    'screenings',
    true,
    'Questionari con almeno una prestazione probabile',
    'Screenings with at least one likely benefit',
  ),
  screeningsStoppedMissingIsee: m(
    'screeningsStoppedMissingIsee',
    'screenings',
    true,
    "Questionari fermi per mancanza dell'ISEE",
    'Screenings stopped for a missing ISEE',
  ),
  screeningsStoppedMissingResidence: m(
    'screeningsStoppedMissingResidence',
    'screenings',
    true,
    'Questionari fermi per mancanza della residenza',
    'Screenings stopped for a missing residence',
  ),
  benefitAssessments: m('benefitAssessments', 'screenings', true, 'Valutazioni della prestazione', 'Benefit assessments'),
  likelyVerdicts: m('likelyVerdicts', 'screenings', true, 'Prestazioni probabili', 'Likely benefits'),
  undeterminedVerdicts: m('undeterminedVerdicts', 'screenings', true, 'Prestazioni da verificare', 'Undetermined benefits'),
  // One per screening and fact answered "I don't know"; and one per such fact and benefit it left UNDETERMINED.
  unknownFactAnswers: m('unknownFactAnswers', 'screenings', true, 'Risposte «non so»', '"I don\'t know" answers'),
  unknownFactsLeavingUndetermined: m(
    'unknownFactsLeavingUndetermined',
    'screenings',
    true,
    'Risposte «non so» che lasciano da verificare una prestazione',
    '"I don\'t know" answers that left a benefit undetermined',
  ),
  peopleTakenInCharge: m('peopleTakenInCharge', 'followUpsAndReturns', true, 'Persone prese in carico', 'People taken in charge'),
  needsFound: m('needsFound', 'followUpsAndReturns', true, 'Bisogni rilevati', 'Needs found'),
  needsResolved: m('needsResolved', 'returns', true, 'Bisogni risolti', 'Needs resolved'),
  helpGiven: m('helpGiven', 'followUpsAndReturns', true, 'Interventi di aiuto', 'Help given'),
  applicationsFiled: m('applicationsFiled', 'followUps', true, 'Domande presentate', 'Applications filed'),
  applicationsGranted: m('applicationsGranted', 'followUps', true, 'Domande accolte', 'Applications granted'),
  applicationsDecided: m('applicationsDecided', 'followUps', true, 'Domande decise (accolte o respinte)', 'Applications decided (granted or rejected)'),
  daysScreeningToApplication: m(
    'daysScreeningToApplication',
    'followUps',
    true,
    'Giorni dal questionario alla domanda',
    'Days from screening to application',
    'median',
  ),
  daysScreeningToGrant: m('daysScreeningToGrant', 'followUps', true, "Giorni dal questionario all'accoglimento", 'Days from screening to grant', 'median'),
  activeAgreements: m('activeAgreements', 'agreements', false, 'Accordi attivi', 'Active agreements'),
  territoriesCovered: m('territoriesCovered', 'agreements', false, 'Territori coperti da un accordo attivo', 'Territories covered by an active agreement'),
  territoriesInScope: m('territoriesInScope', 'agreements', false, "Territori dell'ambito", 'Territories in scope'),
  agreementReviewDays: m('agreementReviewDays', 'agreements', false, "Giorni di esame dell'accordo", 'Days to review an agreement', 'median'),
  technicalTableMeetings: m('technicalTableMeetings', 'agreements', false, 'Riunioni dei tavoli tecnici', 'Technical-table meetings'),
  technicalTableIssuesEscalated: m(
    'technicalTableIssuesEscalated',
    'agreements',
    false,
    'Questioni portate al tavolo tecnico centrale',
    'Issues escalated to the central technical table',
  ),
  returnsExpected: m('returnsExpected', 'returnsRegistry', false, 'Rendicontazioni attese', 'Returns expected'),
  returnsReceived: m('returnsReceived', 'returnsRegistry', false, 'Rendicontazioni ricevute', 'Returns received'),
  returnsOnTime: m('returnsOnTime', 'returnsRegistry', false, 'Rendicontazioni ricevute in tempo', 'Returns received on time'),
};

export interface IndicatorDefinition {
  readonly id: string;
  readonly section: IndicatorSection;
  readonly label: Text;
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
  it: string,
  en: string,
): IndicatorDefinition => ({ id, section, unit, numerator, denominator, breakdowns, partnerVisible, label: { it, en } });

const PEOPLE_BREAKDOWNS: readonly BreakdownId[] = ['territory', 'ageBand', 'sex', 'citizenshipGroup', 'housingCondition', 'source'];

export const INDICATORS: readonly IndicatorDefinition[] = [
  // Activity
  i('activity.eventsHeld', 'activity', 'count', 'outreachEventsHeld', null, ['territory'], true, 'Eventi sul territorio svolti', 'Outreach events held'),
  i(
    'activity.eventsCommunicatedInTime',
    'activity',
    'share',
    'outreachEventsCommunicatedInTime',
    'outreachEventsHeld',
    ['territory'],
    false,
    'Quota di eventi comunicati in tempo alla Direzione centrale',
    'Share of events communicated in time to the central directorate',
  ),
  i(
    'activity.mobileUnitRequestsOnTime',
    'activity',
    'share',
    'mobileUnitRequestsOnTime',
    'mobileUnitRequests',
    ['territory'],
    false,
    'Richieste di unità mobile presentate almeno 15 giorni prima',
    'Mobile-unit requests filed at least 15 days ahead',
  ),
  // Head counts given by the organisers of the events held (agreements service), beside the partners' returns below.
  i(
    'activity.peopleContactedAtEvents',
    'activity',
    'count',
    'outreachPeopleContacted',
    null,
    ['territory'],
    true,
    'Persone contattate agli eventi sul territorio',
    'People contacted at outreach events',
  ),
  i('activity.peopleContacted', 'activity', 'count', 'peopleContacted', null, PEOPLE_BREAKDOWNS, true, 'Persone contattate', 'People contacted'),
  // Screening
  i('screening.completed', 'screening', 'count', 'screeningsCompleted', null, ['channel', 'territory'], true, 'Questionari completati', 'Screenings completed'),
  i(
    'screening.likelyBenefits',
    'screening',
    'count',
    'likelyVerdicts',
    null,
    ['benefit', 'territory'],
    true,
    'Prestazioni individuate come probabili',
    'Benefits found likely',
  ),
  i(
    'screening.undeterminedBenefits',
    'screening',
    'count',
    'undeterminedVerdicts',
    null,
    ['benefit'],
    true,
    'Prestazioni da verificare (dati mancanti)',
    'Benefits left undetermined (facts missing)',
  ),
  i(
    'screening.likelyShareByBenefit',
    'screening',
    'share',
    'likelyVerdicts',
    'benefitAssessments',
    ['benefit'],
    true,
    'Quota di valutazioni con esito probabile, per prestazione',
    'Share of assessments found likely, by benefit',
  ),
  i(
    'screening.withLikelyBenefitShare',
    'screening',
    'share',
    'screeningsWithLikelyBenefit',
    'screeningsCompleted',
    ['channel', 'territory'],
    true,
    'Quota di questionari con almeno una prestazione probabile',
    'Share of screenings with at least one likely benefit',
  ),
  i(
    'screening.stoppedMissingIseeShare',
    'screening',
    'share',
    'screeningsStoppedMissingIsee',
    'screeningsCompleted',
    ['territory'],
    true,
    "Quota di questionari fermi per mancanza dell'ISEE",
    'Share of screenings stopped for a missing ISEE',
  ),
  i(
    'screening.stoppedMissingResidenceShare',
    'screening',
    'share',
    'screeningsStoppedMissingResidence',
    'screeningsCompleted',
    ['territory'],
    true,
    'Quota di questionari fermi per mancanza della residenza',
    'Share of screenings stopped for a missing residence',
  ),
  // What people could not answer: what the programme must help them find out. The second is one-way
  // (fact × benefit pairs as one list): suppression is exact for one-way tables, not for cross-tabulations.
  i(
    'screening.unknownFacts',
    'screening',
    'count',
    'unknownFactAnswers',
    null,
    ['fact', 'channel', 'territory'],
    true,
    'Dati che le persone non hanno saputo indicare (risposte «non so»)',
    'Facts people could not answer ("I don\'t know")',
  ),
  i(
    'screening.unknownFactsByBenefit',
    'screening',
    'count',
    'unknownFactsLeavingUndetermined',
    null,
    ['factBenefit', 'channel', 'territory'],
    true,
    'Dati non saputi che hanno lasciato da verificare una prestazione, per dato e prestazione',
    'Facts people could not answer that left a benefit undetermined, by fact and benefit',
  ),
  // People taken in charge
  i(
    'takenInCharge.new',
    'takenInCharge',
    'count',
    'peopleTakenInCharge',
    null,
    PEOPLE_BREAKDOWNS,
    true,
    'Nuove persone prese in carico nel semestre',
    'People newly taken in charge in the semester',
  ),
  i(
    'takenInCharge.rate',
    'takenInCharge',
    'share',
    'peopleTakenInCharge',
    'peopleContacted',
    ['territory', 'source'],
    true,
    'Tasso di presa in carico (prese in carico / contattate)',
    'Take-in-charge rate (taken in charge / contacted)',
  ),
  // Needs
  i('needs.found', 'needs', 'count', 'needsFound', null, ['needType', 'territory', 'source'], true, 'Bisogni rilevati', 'Needs found'),
  // Help given
  i('help.given', 'help', 'count', 'helpGiven', null, ['helpType', 'territory', 'source'], true, 'Interventi di aiuto', 'Help given'),
  i('help.applicationsFiled', 'help', 'count', 'applicationsFiled', null, ['benefit', 'territory'], true, 'Domande presentate', 'Applications filed'),
  // Effectiveness
  i(
    'effectiveness.applicationsGrantedShare',
    'effectiveness',
    'share',
    'applicationsGranted',
    'applicationsDecided',
    ['benefit', 'territory'],
    true,
    'Domande accolte su domande decise',
    'Applications granted / decided',
  ),
  i(
    'effectiveness.needsResolvedShare',
    'effectiveness',
    'share',
    'needsResolved',
    'needsFound',
    ['needType'],
    true,
    'Bisogni risolti su bisogni rilevati',
    'Needs resolved / found',
  ),
  i(
    'effectiveness.medianDaysToApplication',
    'effectiveness',
    'days',
    'daysScreeningToApplication',
    null,
    ['benefit'],
    true,
    'Giorni (mediana) dal questionario alla domanda',
    'Median days from screening to application',
  ),
  i(
    'effectiveness.medianDaysToGrant',
    'effectiveness',
    'days',
    'daysScreeningToGrant',
    null,
    ['benefit'],
    true,
    "Giorni (mediana) dal questionario all'accoglimento della domanda",
    'Median days from screening to the application being granted',
  ),
  // Governance
  i(
    'governance.activeAgreements',
    'governance',
    'count',
    'activeAgreements',
    null,
    ['agreementKind'],
    false,
    'Accordi attivi a fine semestre',
    'Active agreements at the end of the semester',
  ),
  i(
    'governance.territoriesCovered',
    'governance',
    'share',
    'territoriesCovered',
    'territoriesInScope',
    [],
    false,
    'Territori coperti da almeno un accordo attivo',
    'Territories covered by at least one active agreement',
  ),
  i(
    'governance.medianReviewDays',
    'governance',
    'days',
    'agreementReviewDays',
    null,
    [],
    false,
    "Giorni (mediana) per l'esame degli accordi",
    'Median days to review an agreement',
  ),
  i(
    'governance.technicalTableMeetings',
    'governance',
    'count',
    'technicalTableMeetings',
    null,
    ['tableLevel'],
    false,
    'Riunioni dei tavoli tecnici',
    'Technical-table meetings held',
  ),
  i(
    'governance.issuesEscalated',
    'governance',
    'count',
    'technicalTableIssuesEscalated',
    null,
    ['territory'],
    false,
    'Questioni dei tavoli tecnici locali portate al tavolo centrale',
    'Local technical-table issues escalated to the central table',
  ),
  // Data quality
  i(
    'dataQuality.returnsCompleteness',
    'dataQuality',
    'share',
    'returnsReceived',
    'returnsExpected',
    ['territory'],
    true,
    'Completezza: rendicontazioni ricevute / attese',
    'Completeness: returns received / expected',
  ),
  i(
    'dataQuality.returnsTimeliness',
    'dataQuality',
    'share',
    'returnsOnTime',
    'returnsExpected',
    ['territory'],
    true,
    'Tempestività: rendicontazioni in tempo / attese',
    'Timeliness: returns on time / expected',
  ),
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
