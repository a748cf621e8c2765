import { benefitIdsOf } from '../../../domain/benefits';
import type { BreakdownId } from '../../../domain/breakdowns';
import type { MeasureId } from '../../../domain/indicators';
import { buildReportSnapshot, CategoryCounts, MeasureInput, MedianCell, MedianInput, ReportInput } from './build-snapshot';
import type { ParameterNote, ReportSnapshot, TerritoryLabel } from './report-snapshot';

/**
 * Realistic, invented figures for Lazio and for Italy in 2026S1 (previous semester 2025S2), for
 * tests, the sample script and for reviewing the layout. Rieti's three people taken in charge
 * and a few rare benefits exercise suppression in the partners' version.
 */

const GENERATED_AT = '2026-07-15T07:30:00.000Z';

const LAZIO_PROVINCES: readonly TerritoryLabel[] = [
  { istatCode: '258', name: 'Città metropolitana di Roma Capitale', level: 'METROPOLITAN_CITY' },
  { istatCode: '059', name: 'Latina', level: 'PROVINCE' },
  { istatCode: '060', name: 'Frosinone', level: 'PROVINCE' },
  { istatCode: '056', name: 'Viterbo', level: 'PROVINCE' },
  { istatCode: '057', name: 'Rieti', level: 'PROVINCE' },
];

/** Regions with the programme's relative activity (the pilot cities weigh most). */
const REGIONS: readonly (TerritoryLabel & { readonly weight: number })[] = [
  { istatCode: '01', name: 'Piemonte', level: 'REGION', weight: 7.5 },
  { istatCode: '02', name: "Valle d'Aosta/Vallée d'Aoste", level: 'REGION', weight: 0.08 },
  { istatCode: '03', name: 'Lombardia', level: 'REGION', weight: 14 },
  { istatCode: '04', name: 'Trentino-Alto Adige/Südtirol', level: 'REGION', weight: 1.1 },
  { istatCode: '05', name: 'Veneto', level: 'REGION', weight: 4.2 },
  { istatCode: '06', name: 'Friuli-Venezia Giulia', level: 'REGION', weight: 1.3 },
  { istatCode: '07', name: 'Liguria', level: 'REGION', weight: 2.4 },
  { istatCode: '08', name: 'Emilia-Romagna', level: 'REGION', weight: 8.1 },
  { istatCode: '09', name: 'Toscana', level: 'REGION', weight: 4.6 },
  { istatCode: '10', name: 'Umbria', level: 'REGION', weight: 0.9 },
  { istatCode: '11', name: 'Marche', level: 'REGION', weight: 1.8 },
  { istatCode: '12', name: 'Lazio', level: 'REGION', weight: 16.5 },
  { istatCode: '13', name: 'Abruzzo', level: 'REGION', weight: 1.2 },
  { istatCode: '14', name: 'Molise', level: 'REGION', weight: 0.12 },
  { istatCode: '15', name: 'Campania', level: 'REGION', weight: 12.5 },
  { istatCode: '16', name: 'Puglia', level: 'REGION', weight: 6.8 },
  { istatCode: '17', name: 'Basilicata', level: 'REGION', weight: 0.3 },
  { istatCode: '18', name: 'Calabria', level: 'REGION', weight: 2.1 },
  { istatCode: '19', name: 'Sicilia', level: 'REGION', weight: 7.9 },
  { istatCode: '20', name: 'Sardegna', level: 'REGION', weight: 1.4 },
];

const PROVINCE_WEIGHTS = [80, 8.5, 6, 4, 1.5];

/** Largest-remainder apportionment: whole numbers in proportion to the weights, adding up exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const parts = exact.map(Math.floor);
  let remainder = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (remainder <= 0) break;
    parts[index] += 1;
    remainder -= 1;
  }
  return parts;
}

function counts(codes: readonly string[], values: readonly number[]): CategoryCounts {
  if (codes.length !== values.length) throw new Error(`Sample data: ${codes.length} codes, ${values.length} values`);
  return Object.fromEntries(codes.map((code, index) => [code, values[index]]));
}

function sumOf(values: CategoryCounts): number {
  return Object.values(values).reduce((a, b) => a + b, 0);
}

const AGE = ['0-17', '18-29', '30-44', '45-59', '60-66', '67+', 'NOT_RECORDED'];
const SEX = ['F', 'M', 'NOT_RECORDED'];
const CITIZENSHIP = ['IT', 'EU', 'NON_EU', 'NOT_RECORDED'];
const HOUSING = ['HOMELESS', 'PRECARIOUS', 'HOUSED', 'UNKNOWN'];
const CHANNEL = ['OPERATOR_DESK', 'MOBILE_UNIT', 'OUTREACH_EVENT', 'PARTNER_APP', 'SELF_ASSESSMENT'];
const NEEDS = ['INCOME_SUPPORT', 'PENSION', 'CIVIL_INVALIDITY', 'DOCUMENTS_RESIDENCE', 'DIGITAL_IDENTITY', 'ISEE', 'HEALTH', 'HOUSING', 'WORK'];
const HELP = ['DIGITAL_IDENTITY', 'ISEE', 'APPLICATION', 'FICTITIOUS_ADDRESS', 'REFERRAL_COMUNE', 'REFERRAL_PATRONATO', 'REFERRAL_CAF'];
const BENEFITS_2026 = benefitIdsOf(['it-2026']);
/** Follow-ups recorded in the system and partners' returns (breakdown `source`). */
const SOURCES = ['FOLLOW_UPS', 'RETURNS'];

/** Lazio's figures, by category; territory splits are added per scope. */
interface BaseFigures {
  readonly measures: Partial<Record<MeasureId, { by: Partial<Record<BreakdownId, CategoryCounts>>; territory?: readonly number[] }>>;
}

const LAZIO: BaseFigures = {
  measures: {
    outreachEventsHeld: { by: {}, territory: [36, 4, 3, 2, 1] },
    outreachEventsCommunicatedInTime: { by: {}, territory: [32, 4, 3, 1, 1] },
    mobileUnitRequests: { by: {}, territory: [9, 1, 1, 1, 0] },
    mobileUnitRequestsOnTime: { by: {}, territory: [8, 1, 1, 0, 0] },
    peopleContacted: {
      territory: [1968, 201, 134, 84, 25],
      by: {
        ageBand: counts(AGE, [96, 410, 530, 518, 545, 221, 92]),
        sex: counts(SEX, [902, 1461, 49]),
        citizenshipGroup: counts(CITIZENSHIP, [1120, 298, 903, 91]),
        housingCondition: counts(HOUSING, [1034, 612, 598, 168]),
        source: counts(SOURCES, [1302, 1110]),
      },
    },
    peopleTakenInCharge: {
      territory: [934, 98, 61, 31, 3],
      by: {
        ageBand: counts(AGE, [38, 187, 250, 262, 253, 112, 25]),
        sex: counts(SEX, [451, 662, 14]),
        citizenshipGroup: counts(CITIZENSHIP, [548, 131, 421, 27]),
        housingCondition: counts(HOUSING, [502, 297, 281, 47]),
        source: counts(SOURCES, [618, 509]),
      },
    },
    screeningsCompleted: { territory: [1512, 142, 98, 61, 38], by: { channel: counts(CHANNEL, [742, 388, 431, 164, 126]) } },
    screeningsWithLikelyBenefit: { territory: [1012, 94, 65, 40, 25], by: { channel: counts(CHANNEL, [531, 262, 284, 101, 58]) } },
    screeningsStoppedMissingIsee: { territory: [231, 24, 17, 10, 5], by: {} },
    screeningsStoppedMissingResidence: { territory: [139, 12, 8, 4, 1], by: {} },
    benefitAssessments: {
      by: {
        benefit: counts(
          BENEFITS_2026,
          BENEFITS_2026.map(() => 1851),
        ),
      },
    },
    likelyVerdicts: {
      by: { benefit: counts(BENEFITS_2026, [412, 156, 268, 21, 17, 4, 88, 143, 19, 36, 27, 3, 231, 96]) },
      territory: [1241, 129, 80, 47, 24],
    },
    undeterminedVerdicts: { by: { benefit: counts(BENEFITS_2026, [318, 122, 64, 12, 9, 6, 41, 57, 22, 31, 18, 2, 14, 148]) } },
    // Mostly the ISEE and the residence; a few rarer facts exercise suppression for partners.
    unknownFactAnswers: {
      by: {
        fact: counts(['isee', 'yearsOfResidenceInItaly', 'contributionWeeksLast4Years', 'coupleIncome', 'disabilityPercentage'], [212, 96, 41, 17, 3]),
        channel: counts(CHANNEL, [170, 88, 63, 30, 18]),
      },
      territory: [312, 31, 16, 7, 3],
    },
    unknownFactsLeavingUndetermined: {
      by: {
        factBenefit: counts(
          [
            'isee:assegno-inclusione',
            'isee:assegno-unico',
            'isee:supporto-formazione-lavoro',
            'yearsOfResidenceInItaly:assegno-inclusione',
            'yearsOfResidenceInItaly:assegno-sociale',
            'contributionWeeksLast4Years:naspi',
            'coupleIncome:assegno-sociale',
            'disabilityPercentage:assegno-mensile-invalidita',
          ],
          [187, 64, 58, 81, 22, 38, 15, 3],
        ),
        channel: counts(CHANNEL, [222, 118, 80, 31, 17]),
      },
      territory: [392, 40, 21, 11, 4],
    },
    needsFound: {
      by: { needType: counts(NEEDS, [702, 168, 214, 388, 611, 402, 176, 203, 70]), source: counts(SOURCES, [1604, 1330]) },
      territory: [2431, 254, 151, 83, 15],
    },
    needsResolved: { by: { needType: counts(NEEDS, [241, 61, 58, 167, 488, 251, 19, 12, 21]) } },
    helpGiven: {
      by: { helpType: counts(HELP, [598, 407, 642, 96, 211, 214, 119]), source: counts(SOURCES, [1311, 976]) },
      territory: [1897, 196, 121, 62, 11],
    },
    applicationsFiled: { by: { benefit: counts(BENEFITS_2026, [214, 61, 122, 9, 8, 3, 47, 58, 6, 14, 11, 1, 88, 0]) }, territory: [531, 57, 34, 17, 3] },
    applicationsDecided: { by: { benefit: counts(BENEFITS_2026, [163, 44, 118, 7, 8, 3, 45, 39, 2, 6, 4, 0, 57, 0]) }, territory: [412, 44, 26, 12, 2] },
    applicationsGranted: { by: { benefit: counts(BENEFITS_2026, [121, 29, 112, 6, 8, 3, 38, 27, 2, 4, 3, 0, 41, 0]) }, territory: [329, 35, 20, 9, 1] },
    activeAgreements: { by: { agreementKind: counts(['FRAMEWORK', 'TERRITORIAL', 'LOCAL'], [1, 6, 24]) } },
    territoriesCovered: { by: {} },
    territoriesInScope: { by: {} },
    technicalTableMeetings: { by: { tableLevel: counts(['LOCAL', 'CENTRAL'], [12, 2]) } },
    returnsExpected: { by: {}, territory: [27, 4, 3, 2, 2] },
    returnsReceived: { by: {}, territory: [25, 4, 2, 2, 1] },
    returnsOnTime: { by: {}, territory: [22, 3, 2, 1, 1] },
  },
};

const DAYS_BY_BENEFIT: Readonly<Record<string, MedianCell>> = Object.fromEntries(
  (
    [
      ['assegno-inclusione', 198, 12],
      ['supporto-formazione-lavoro', 55, 14],
      ['assegno-unico', 117, 6],
      ['assegno-maternita-comuni', 9, 8],
      ['bonus-nuovi-nati', 8, 5],
      ['bonus-asilo-nido', 3, 11],
      ['naspi', 45, 4],
      ['assegno-sociale', 52, 10],
      ['pensione-inabilita', 6, 21],
      ['assegno-mensile-invalidita', 13, 19],
      ['indennita-accompagnamento', 10, 17],
      ['indennita-frequenza', 1, 30],
      ['accertamento-invalidita', 81, 7],
    ] as const
  ).map(([id, observations, median]) => [id, { observations, median }]),
);

/** Previous semester totals relative to the current ones (the programme grew). */
const PREVIOUS_RATIO: Partial<Record<MeasureId, number>> = {
  peopleContacted: 2104 / 2412,
  screeningsCompleted: 1622 / 1851,
  screeningsWithLikelyBenefit: 1047 / 1236,
  peopleTakenInCharge: 958 / 1127,
  needsFound: 2512 / 2934,
  applicationsFiled: 571 / 642,
  applicationsGranted: 329 / 394,
  applicationsDecided: 431 / 496,
  returnsReceived: 31 / 34,
  returnsExpected: 36 / 38,
  outreachEventsHeld: 39 / 46,
};

const PARAMETER_NOTES: readonly ParameterNote[] = [
  {
    ruleSetId: 'it-2026',
    benefitId: 'bonus-nuovi-nati',
    parameter: 'bonusNuoviNati.maxDaysSinceBirth',
    value: 120,
    unit: 'DAYS',
    note: {
      it: 'Termine per la domanda dopo la nascita (60 giorni nel 2025): non confermato da una fonte primaria.',
      en: 'Deadline to apply after the birth (60 days in 2025): not confirmed by a primary source.',
    },
  },
  {
    ruleSetId: 'it-2026',
    benefitId: 'assegno-sociale',
    parameter: 'assegnoSociale.incomeLimitSingle',
    value: 7101,
    unit: 'EUR_YEAR',
    note: {
      it: 'Limite di reddito per chi non è coniugato: importo 2026 non confermato.',
      en: 'Income limit for an unmarried applicant: 2026 figure not confirmed.',
    },
  },
  {
    ruleSetId: 'it-2026',
    benefitId: 'assegno-sociale',
    parameter: 'assegnoSociale.incomeLimitMarried',
    value: 14202,
    unit: 'EUR_YEAR',
    note: { it: 'Limite di reddito della coppia coniugata: importo 2026 non confermato.', en: 'Income limit of a married couple: 2026 figure not confirmed.' },
  },
  {
    ruleSetId: 'it-2026',
    benefitId: 'assegno-sociale',
    parameter: 'assegnoSociale.monthlyAmount',
    value: 546.23,
    unit: 'EUR_MONTH',
    note: { it: 'Importo mensile massimo (13 mensilità): non confermato.', en: 'Maximum monthly amount (13 payments a year): not confirmed.' },
  },
  {
    ruleSetId: 'it-2026',
    benefitId: 'indennita-accompagnamento',
    parameter: 'accompagnamento.monthlyAmount',
    value: 551.53,
    unit: 'EUR_MONTH',
    note: { it: 'Importo mensile 2026: non confermato.', en: 'Monthly amount for 2026: not confirmed.' },
  },
  {
    ruleSetId: 'it-2026',
    benefitId: 'carta-dedicata-a-te',
    parameter: 'cartaDedicataATe.amount',
    value: 500,
    unit: 'EUR',
    note: { it: 'Importo del 2025; quello del 2026 non è ancora confermato.', en: 'The 2025 amount; the 2026 figure is not confirmed yet.' },
  },
];

export type SampleScope = 'LAZIO' | 'NATIONAL';

/** Scale for the national figures, so that Lazio weighs what REGIONS says. */
const NATIONAL_FACTOR = 100 / 16.5;

function scaleCounts(values: CategoryCounts, factor: number): CategoryCounts {
  return Object.fromEntries(Object.entries(values).map(([code, value]) => [code, Math.round(value * factor)]));
}

export function sampleReportInput(scope: SampleScope = 'LAZIO'): ReportInput {
  const national = scope === 'NATIONAL';
  const factor = national ? NATIONAL_FACTOR : 1;
  const territories: readonly TerritoryLabel[] = national ? REGIONS.map(({ istatCode, name, level }) => ({ istatCode, name, level })) : LAZIO_PROVINCES;
  const measures: Partial<Record<MeasureId, MeasureInput>> = {};
  for (const [id, figures] of Object.entries(LAZIO.measures) as [MeasureId, NonNullable<BaseFigures['measures'][MeasureId]>][]) {
    const by: Partial<Record<BreakdownId, CategoryCounts>> = {};
    for (const [breakdown, values] of Object.entries(figures.by) as [BreakdownId, CategoryCounts][]) {
      by[breakdown] = national ? scaleCounts(values, factor) : values;
    }
    const firstBreakdown = Object.values(by)[0];
    const lazioTotal = figures.territory ? figures.territory.reduce((a, b) => a + b, 0) : undefined;
    let total: number;
    if (firstBreakdown) total = sumOf(firstBreakdown);
    else if (lazioTotal !== undefined) total = national ? Math.round(lazioTotal * factor) : lazioTotal;
    else total = 0;
    // Every breakdown of a measure must add up to the same total: rescale the others onto it.
    for (const [breakdown, values] of Object.entries(by) as [BreakdownId, CategoryCounts][]) {
      if (sumOf(values) !== total) by[breakdown] = counts(Object.keys(values), apportion(total, Object.values(values)));
    }
    if (figures.territory) {
      const weights = national ? REGIONS.map((region) => region.weight) : PROVINCE_WEIGHTS;
      by.territory = counts(
        territories.map((territory) => territory.istatCode),
        national ? apportion(total, weights) : lazioTotal === total ? [...figures.territory] : apportion(total, figures.territory),
      );
    }
    measures[id] = { total, by };
  }
  measures.territoriesCovered = { total: national ? 94 : 5 };
  measures.territoriesInScope = { total: national ? 107 : 5 };
  if (national) {
    measures.activeAgreements = { total: 168, by: { agreementKind: counts(['FRAMEWORK', 'TERRITORIAL', 'LOCAL'], [1, 41, 126]) } };
    measures.technicalTableMeetings = { total: 71, by: { tableLevel: counts(['LOCAL', 'CENTRAL'], [68, 3]) } };
    // Returns and events are counted per partner and event: spread them over the regions too.
  }

  const daysByBenefit = national
    ? Object.fromEntries(
        Object.entries(DAYS_BY_BENEFIT).map(([id, cell]) => [id, { observations: Math.round(cell.observations * factor), median: cell.median }]),
      )
    : DAYS_BY_BENEFIT;
  const observations = Object.values(daysByBenefit).reduce((sum, cell) => sum + cell.observations, 0);
  const medians: Partial<Record<MeasureId, MedianInput>> = {
    daysScreeningToApplication: { observations, median: 9, by: { benefit: daysByBenefit } },
    agreementReviewDays: { observations: national ? 47 : 9, median: national ? 38 : 34 },
  };

  const previousMeasures: Partial<Record<MeasureId, { total: number }>> = {};
  for (const [id, value] of Object.entries(measures) as [MeasureId, MeasureInput][]) {
    const ratio = PREVIOUS_RATIO[id] ?? 0.88;
    previousMeasures[id] = { total: Math.round(value.total * ratio) };
  }
  previousMeasures.territoriesInScope = measures.territoriesInScope;
  previousMeasures.territoriesCovered = { total: national ? 88 : 4 };

  return {
    semester: '2026S1',
    scope: national ? { level: 'NATIONAL', istatCode: null, name: 'Italia' } : { level: 'REGION', istatCode: '12', name: 'Lazio' },
    territories,
    version: 1,
    generatedAt: GENERATED_AT,
    ruleSetIds: ['it-2026'],
    measures,
    medians,
    previous: {
      measures: previousMeasures,
      medians: {
        daysScreeningToApplication: { observations: Math.round(observations * 0.9), median: 11 },
        agreementReviewDays: { observations: national ? 39 : 7, median: national ? 45 : 41 },
      },
    },
    parameterNotes: PARAMETER_NOTES,
  };
}

/** A complete internal report snapshot: Lazio (default) or Italy, 2026S1, version 1. */
export function sampleSnapshot(scope: SampleScope = 'LAZIO'): ReportSnapshot {
  return buildReportSnapshot(sampleReportInput(scope));
}
