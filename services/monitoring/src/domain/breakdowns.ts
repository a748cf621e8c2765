/**
 * The dimensions a figure may be broken down by (their names, and their categories', are in the
 * service's message catalogue: `breakdown.<id>`, `category.<id>.<code>`, `missing.<id>`). Category lists are data so that a new
 * category is a data change, and so that returns, indicators and reports all refuse the
 * same unknown codes. `territory`, `benefit`, `fact` and `factBenefit` have open lists: territories
 * are ISTAT codes from the agreements service, benefits and facts come from the rule sets (see
 * benefits.ts; fact names in the message catalogue), and a `factBenefit` code is `<fact>:<benefit>`.
 */
export type BreakdownId =
  | 'territory'
  | 'channel'
  | 'benefit'
  | 'ageBand'
  | 'sex'
  | 'citizenshipGroup'
  | 'housingCondition'
  | 'needType'
  | 'helpType'
  | 'outcome'
  | 'agreementKind'
  | 'tableLevel'
  | 'source'
  | 'fact'
  | 'factBenefit';

interface CategoryDefinition {
  readonly code: string;
}

export interface BreakdownDefinition {
  readonly id: BreakdownId;
  /** Fixed categories in display order; `null` for open lists (territory, benefit). */
  readonly categories: readonly CategoryDefinition[] | null;
}

const c = (code: string): CategoryDefinition => ({ code });

/**
 * Age bands follow the benefits' age limits (18 for adult benefits, 67 for the assegno
 * sociale). `NOT_RECORDED` exists because an anonymous contact at a soup kitchen often has no
 * age on record and breakdowns must still add up to their totals.
 */
/**
 * The bands of the questionnaire's `screening.completed` event, so returns and screenings share one
 * breakdown; their edges are the benefits' (18 and 60 for ADI and SFL, 67 for the assegno sociale).
 */
const AGE_BANDS = [c('0-17'), c('18-29'), c('30-44'), c('45-59'), c('60-66'), c('67+'), c('NOT_RECORDED')] as const;

export const BREAKDOWNS: Readonly<Record<BreakdownId, BreakdownDefinition>> = {
  territory: { id: 'territory', categories: null },
  benefit: { id: 'benefit', categories: null },
  fact: { id: 'fact', categories: null },
  factBenefit: { id: 'factBenefit', categories: null },
  channel: {
    id: 'channel',
    categories: [c('OPERATOR_DESK'), c('MOBILE_UNIT'), c('OUTREACH_EVENT'), c('PARTNER_APP'), c('SELF_ASSESSMENT')],
  },
  ageBand: { id: 'ageBand', categories: AGE_BANDS },
  sex: {
    id: 'sex',
    categories: [c('F'), c('M'), c('NOT_RECORDED')],
  },
  citizenshipGroup: {
    id: 'citizenshipGroup',
    categories: [c('IT'), c('EU'), c('NON_EU'), c('NOT_RECORDED')],
  },
  housingCondition: {
    id: 'housingCondition',
    categories: [c('HOMELESS'), c('PRECARIOUS'), c('HOUSED'), c('UNKNOWN')],
  },
  needType: {
    id: 'needType',
    categories: [
      c('INCOME_SUPPORT'),
      c('PENSION'),
      c('CIVIL_INVALIDITY'),
      c('DOCUMENTS_RESIDENCE'),
      c('DIGITAL_IDENTITY'),
      c('ISEE'),
      c('HEALTH'),
      c('HOUSING'),
      c('WORK'),
    ],
  },
  helpType: {
    id: 'helpType',
    categories: [c('DIGITAL_IDENTITY'), c('ISEE'), c('APPLICATION'), c('FICTITIOUS_ADDRESS'), c('REFERRAL_COMUNE'), c('REFERRAL_PATRONATO'), c('REFERRAL_CAF')],
  },
  outcome: {
    id: 'outcome',
    categories: [c('GRANTED'), c('REJECTED'), c('PENDING')],
  },
  agreementKind: {
    id: 'agreementKind',
    categories: [c('FRAMEWORK'), c('TERRITORIAL'), c('LOCAL')],
  },
  // Where a figure that two sources feed comes from (indicators.ts, "followUpsAndReturns"): the
  // follow-ups partners record in the system, person by person, and the partners' six-monthly
  // returns, for what their follow-ups do not already count (the rule is in report-input.builder.ts).
  source: {
    id: 'source',
    categories: [c('FOLLOW_UPS'), c('RETURNS')],
  },
  tableLevel: {
    id: 'tableLevel',
    categories: [c('LOCAL'), c('CENTRAL')],
  },
};

/**
 * The category that takes what a breakdown cannot place, so that every breakdown adds up to its
 * total: the fact was not recorded (a screening without a comune, a person of unknown age), or it
 * lies above the categories shown (a regional event in a regional report's provinces). A breakdown
 * with such a category of its own uses it; the others get NOT_RECORDED (names: `missing.<id>`).
 */
const NOT_RECORDED = 'NOT_RECORDED';

/** The factBenefit code of a fact and a benefit, and back: the fact (an identifier) never holds the separator. */
export function factBenefitCode(fact: string, benefitId: string): string {
  return `${fact}:${benefitId}`;
}

export function splitFactBenefit(code: string): { readonly fact: string; readonly benefitId: string } | null {
  const at = code.indexOf(':');
  return at > 0 ? { fact: code.slice(0, at), benefitId: code.slice(at + 1) } : null;
}

/** The code of the category that takes what the breakdown cannot place: its own (NOT_RECORDED, UNKNOWN), or NOT_RECORDED. */
export function missingCategory(breakdown: BreakdownId): { readonly code: string; readonly own: boolean } {
  const own = BREAKDOWNS[breakdown].categories?.find((category) => category.code === NOT_RECORDED || category.code === 'UNKNOWN');
  return own ? { code: own.code, own: true } : { code: NOT_RECORDED, own: false };
}

export function categoryCodes(breakdown: BreakdownId): readonly string[] | null {
  const categories = BREAKDOWNS[breakdown].categories;
  return categories ? categories.map((category) => category.code) : null;
}
