import type { Text } from '@inps/kernel';
import { benefitIdsOf } from './benefits';
import { BreakdownId, categoryCodes } from './breakdowns';
import { compareSemesters, parseSemester } from './semester';

/**
 * The partners' semiannual return ("rendicontazione semestrale") as versioned data. A partner
 * sends, for one semester and one organisation, a total for each data element and its
 * breakdowns by category:
 *
 *   { "datasetVersion": "2026.1", "semester": "2026S1",
 *     "values": { "peopleTakenInCharge": { "total": 120, "byAgeBand": { "18-29": 31, ... } } } }
 *
 * Changing the form (a new element, a new category) is a new version; returns keep the version
 * they were filed under, so old returns stay valid.
 */

/**
 * single: each person is in exactly one category (age band, sex...), so the categories add up
 * to the total. multi: a person can be in several categories (needs, help); the element then
 * counts person–category pairs, each person at most once per category, and the categories still
 * add up to the element's total, which is a number of pairs, not of people.
 */
type BreakdownKind = 'single' | 'multi';

export interface ReturnBreakdown {
  /** Key in the return, e.g. `byAgeBand`. */
  readonly key: string;
  readonly breakdown: BreakdownId;
  readonly kind: BreakdownKind;
  readonly categories: readonly string[];
}

export interface ReturnDataElement {
  readonly id: string;
  readonly label: Text;
  readonly required: boolean;
  readonly breakdowns: readonly ReturnBreakdown[];
}

/**
 * Cross-element rules, as data.
 * - `notGreater`: left ≤ right on totals and, when `byCategory`, category by category for the
 *   breakdowns both elements have.
 * - `sumNotGreater`: the sum of several elements ≤ another, likewise.
 * - `categoriesNotGreaterThanTotal`: each category of a multi-valued breakdown ≤ the total of a
 *   people element (each person counts at most once per category).
 * - `equalsCategory`: an element's total equals one category of another element's breakdown.
 */
export type ReturnRule =
  | { readonly kind: 'notGreater'; readonly left: string; readonly right: string; readonly byCategory: boolean }
  | { readonly kind: 'sumNotGreater'; readonly left: readonly string[]; readonly right: string; readonly byCategory: boolean }
  | { readonly kind: 'categoriesNotGreaterThanTotal'; readonly element: string; readonly breakdownKey: string; readonly people: string }
  | { readonly kind: 'equalsCategory'; readonly element: string; readonly other: string; readonly breakdownKey: string; readonly category: string };

export interface ReturnDataset {
  readonly version: string;
  /** First semester whose returns use this version. */
  readonly validFrom: string;
  readonly ruleSetIds: readonly string[];
  readonly elements: readonly ReturnDataElement[];
  readonly rules: readonly ReturnRule[];
  /** Guards against typing slips (an extra zero); a larger real figure needs a new version. */
  readonly maxValue: number;
}

function fixed(key: string, breakdown: BreakdownId, kind: BreakdownKind): ReturnBreakdown {
  const categories = categoryCodes(breakdown);
  if (!categories) throw new Error(`Breakdown ${breakdown} has no fixed categories`);
  return { key, breakdown, kind, categories };
}

const RULE_SETS_2026 = ['it-2026'] as const;

const PEOPLE: readonly ReturnBreakdown[] = [
  fixed('byAgeBand', 'ageBand', 'single'),
  fixed('bySex', 'sex', 'single'),
  fixed('byCitizenshipGroup', 'citizenshipGroup', 'single'),
  fixed('byHousingCondition', 'housingCondition', 'single'),
];

const BY_BENEFIT: ReturnBreakdown = {
  key: 'byBenefit',
  breakdown: 'benefit',
  kind: 'single',
  categories: benefitIdsOf(RULE_SETS_2026),
};

export const RETURN_DATASET_2026_1: ReturnDataset = {
  version: '2026.1',
  validFrom: '2026S1',
  ruleSetIds: RULE_SETS_2026,
  maxValue: 1_000_000,
  elements: [
    {
      id: 'peopleContacted',
      label: { it: 'Persone contattate', en: 'People contacted' },
      required: true,
      breakdowns: PEOPLE,
    },
    {
      id: 'peopleTakenInCharge',
      label: { it: 'Persone prese in carico nel semestre', en: 'People taken in charge in the semester' },
      required: true,
      breakdowns: PEOPLE,
    },
    {
      id: 'needsFound',
      label: { it: 'Bisogni rilevati (persona × tipo di bisogno)', en: 'Needs found (person × type of need)' },
      required: true,
      breakdowns: [fixed('byNeedType', 'needType', 'multi')],
    },
    {
      id: 'needsResolved',
      label: { it: 'Bisogni risolti', en: 'Needs resolved' },
      required: false,
      breakdowns: [fixed('byNeedType', 'needType', 'multi')],
    },
    {
      id: 'helpGiven',
      label: { it: 'Interventi di aiuto', en: 'Help given (interventions)' },
      required: true,
      breakdowns: [fixed('byHelpType', 'helpType', 'multi')],
    },
    {
      id: 'applicationsFiled',
      // byOutcome is each application's state at the end of the semester.
      label: { it: 'Domande presentate nel semestre', en: 'Applications filed in the semester' },
      required: true,
      breakdowns: [BY_BENEFIT, fixed('byOutcome', 'outcome', 'single')],
    },
    {
      id: 'applicationsGranted',
      label: {
        it: 'Domande presentate nel semestre e accolte entro la sua fine',
        en: 'Applications filed in the semester and granted by its end',
      },
      required: false,
      breakdowns: [BY_BENEFIT],
    },
    {
      id: 'applicationsRejected',
      label: {
        it: 'Domande presentate nel semestre e respinte entro la sua fine',
        en: 'Applications filed in the semester and rejected by its end',
      },
      required: false,
      breakdowns: [BY_BENEFIT],
    },
  ],
  rules: [
    { kind: 'notGreater', left: 'peopleTakenInCharge', right: 'peopleContacted', byCategory: true },
    { kind: 'categoriesNotGreaterThanTotal', element: 'needsFound', breakdownKey: 'byNeedType', people: 'peopleTakenInCharge' },
    { kind: 'notGreater', left: 'needsResolved', right: 'needsFound', byCategory: true },
    { kind: 'sumNotGreater', left: ['applicationsGranted', 'applicationsRejected'], right: 'applicationsFiled', byCategory: true },
    { kind: 'equalsCategory', element: 'applicationsGranted', other: 'applicationsFiled', breakdownKey: 'byOutcome', category: 'GRANTED' },
    { kind: 'equalsCategory', element: 'applicationsRejected', other: 'applicationsFiled', breakdownKey: 'byOutcome', category: 'REJECTED' },
  ],
};

export const RETURN_DATASETS: readonly ReturnDataset[] = [RETURN_DATASET_2026_1];

export function returnDatasetByVersion(version: string): ReturnDataset | undefined {
  return RETURN_DATASETS.find((dataset) => dataset.version === version);
}

/** The version a return for the semester must use: the latest that is already valid. */
export function returnDatasetFor(semesterId: string): ReturnDataset | undefined {
  const target = parseSemester(semesterId);
  return [...RETURN_DATASETS]
    .filter((dataset) => compareSemesters(dataset.validFrom, target) <= 0)
    .sort((a, b) => compareSemesters(b.validFrom, a.validFrom))[0];
}
