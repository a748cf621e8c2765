import type { Text } from '@inps/kernel';

/**
 * The dimensions a figure may be broken down by. Category lists are data so that a new
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
  readonly label: Text;
}

export interface BreakdownDefinition {
  readonly id: BreakdownId;
  readonly label: Text;
  /** Fixed categories in display order; `null` for open lists (territory, benefit). */
  readonly categories: readonly CategoryDefinition[] | null;
}

const c = (code: string, it: string, en: string): CategoryDefinition => ({ code, label: { it, en } });

/**
 * Age bands follow the benefits' age limits (18 for adult benefits, 67 for the assegno
 * sociale). `NOT_RECORDED` exists because an anonymous contact at a soup kitchen often has no
 * age on record and breakdowns must still add up to their totals.
 */
/**
 * The bands of the questionnaire's `screening.completed` event, so returns and screenings share one
 * breakdown; their edges are the benefits' (18 and 60 for ADI and SFL, 67 for the assegno sociale).
 */
const AGE_BANDS = [
  c('0-17', '0–17 anni', '0–17 years'),
  c('18-29', '18–29 anni', '18–29 years'),
  c('30-44', '30–44 anni', '30–44 years'),
  c('45-59', '45–59 anni', '45–59 years'),
  c('60-66', '60–66 anni', '60–66 years'),
  c('67+', '67 anni e oltre', '67 years and over'),
  c('NOT_RECORDED', 'Età non rilevata', 'Age not recorded'),
] as const;

export const BREAKDOWNS: Readonly<Record<BreakdownId, BreakdownDefinition>> = {
  territory: { id: 'territory', label: { it: 'Territorio', en: 'Territory' }, categories: null },
  benefit: { id: 'benefit', label: { it: 'Prestazione', en: 'Benefit' }, categories: null },
  fact: { id: 'fact', label: { it: 'Dato', en: 'Fact' }, categories: null },
  factBenefit: { id: 'factBenefit', label: { it: 'Dato e prestazione', en: 'Fact and benefit' }, categories: null },
  channel: {
    id: 'channel',
    label: { it: 'Canale', en: 'Channel' },
    categories: [
      c('OPERATOR_DESK', 'Sportello con operatore', 'Desk with an operator'),
      c('MOBILE_UNIT', 'Unità mobile', 'Mobile unit'),
      c('OUTREACH_EVENT', 'Evento sul territorio', 'Outreach event'),
      c('PARTNER_APP', 'App dei partner', 'Partner app'),
      c('SELF_ASSESSMENT', 'Autovalutazione online', 'Online self-assessment'),
    ],
  },
  ageBand: { id: 'ageBand', label: { it: "Classe d'età", en: 'Age band' }, categories: AGE_BANDS },
  sex: {
    id: 'sex',
    label: { it: 'Sesso', en: 'Sex' },
    categories: [c('F', 'Donne', 'Women'), c('M', 'Uomini', 'Men'), c('NOT_RECORDED', 'Non rilevato', 'Not recorded')],
  },
  citizenshipGroup: {
    id: 'citizenshipGroup',
    label: { it: 'Cittadinanza', en: 'Citizenship' },
    categories: [
      c('IT', 'Italiana', 'Italian'),
      c('EU', 'Altro Paese UE', 'Other EU country'),
      c('NON_EU', 'Paese extra UE', 'Non-EU country'),
      c('NOT_RECORDED', 'Non rilevata', 'Not recorded'),
    ],
  },
  housingCondition: {
    id: 'housingCondition',
    label: { it: 'Condizione abitativa', en: 'Housing condition' },
    categories: [
      c('HOMELESS', 'Senza dimora', 'Homeless'),
      c('PRECARIOUS', 'Alloggio precario', 'Precarious housing'),
      c('HOUSED', 'Con abitazione', 'Housed'),
      c('UNKNOWN', 'Non nota', 'Unknown'),
    ],
  },
  needType: {
    id: 'needType',
    label: { it: 'Tipo di bisogno', en: 'Type of need' },
    categories: [
      c('INCOME_SUPPORT', 'Sostegno al reddito', 'Income support'),
      c('PENSION', 'Pensione', 'Pension'),
      c('CIVIL_INVALIDITY', 'Invalidità civile', 'Civil invalidity'),
      c('DOCUMENTS_RESIDENCE', 'Documenti e residenza', 'Documents and residence'),
      c('DIGITAL_IDENTITY', 'Identità digitale', 'Digital identity'),
      c('ISEE', 'ISEE', 'ISEE'),
      c('HEALTH', 'Salute', 'Health'),
      c('HOUSING', 'Casa', 'Housing'),
      c('WORK', 'Lavoro', 'Work'),
    ],
  },
  helpType: {
    id: 'helpType',
    label: { it: 'Tipo di aiuto', en: 'Type of help' },
    categories: [
      c('DIGITAL_IDENTITY', 'Identità digitale (SPID/CIE)', 'Digital identity (SPID/CIE)'),
      c('ISEE', 'ISEE (DSU presentata)', 'ISEE (DSU filed)'),
      c('APPLICATION', 'Domanda presentata', 'Application filed'),
      c('FICTITIOUS_ADDRESS', 'Residenza fittizia', 'Fictitious address'),
      c('REFERRAL_COMUNE', 'Invio ai servizi del Comune', "Referral to the Comune's services"),
      c('REFERRAL_PATRONATO', 'Invio a un patronato', 'Referral to a patronato'),
      c('REFERRAL_CAF', 'Invio a un CAF', 'Referral to a CAF'),
    ],
  },
  outcome: {
    id: 'outcome',
    label: { it: 'Esito', en: 'Outcome' },
    categories: [c('GRANTED', 'Accolta', 'Granted'), c('REJECTED', 'Respinta', 'Rejected'), c('PENDING', 'In attesa', 'Pending')],
  },
  agreementKind: {
    id: 'agreementKind',
    label: { it: 'Tipo di accordo', en: 'Kind of agreement' },
    categories: [c('FRAMEWORK', 'Quadro', 'Framework'), c('TERRITORIAL', 'Territoriale', 'Territorial'), c('LOCAL', 'Locale', 'Local')],
  },
  // Where a figure that two sources feed comes from (indicators.ts, "followUpsAndReturns"): the
  // follow-ups partners record in the system, person by person, and the partners' six-monthly
  // returns, for what their follow-ups do not already count (the rule is in report-input.builder.ts).
  source: {
    id: 'source',
    label: { it: 'Fonte', en: 'Source' },
    categories: [
      c('FOLLOW_UPS', 'Prese in carico registrate nel sistema', 'Follow-ups recorded in the system'),
      c('RETURNS', 'Rendicontazioni semestrali dei partner', "Partners' six-monthly returns"),
    ],
  },
  tableLevel: {
    id: 'tableLevel',
    label: { it: 'Tavolo tecnico', en: 'Technical table' },
    categories: [c('LOCAL', 'Locale', 'Local'), c('CENTRAL', 'Centrale', 'Central')],
  },
};

/**
 * The category that takes what a breakdown cannot place, so that every breakdown adds up to its
 * total: the fact was not recorded (a screening without a comune, a person of unknown age), or it
 * lies above the categories shown (a regional event in a regional report's provinces). A breakdown
 * with such a category of its own uses it; the others get NOT_RECORDED with these labels.
 */
const NOT_RECORDED = 'NOT_RECORDED';
const MISSING_LABELS: Partial<Record<BreakdownId, Text>> = {
  territory: { it: 'Territorio non rilevato o non ripartibile', en: 'Territory not recorded or not attributable' },
  benefit: { it: 'Prestazione non rilevata', en: 'Benefit not recorded' },
  channel: { it: 'Canale non rilevato', en: 'Channel not recorded' },
  fact: { it: 'Dato non rilevato', en: 'Fact not recorded' },
  factBenefit: { it: 'Dato non rilevato', en: 'Fact not recorded' },
};

/** The code of a `factBenefit` category, and back: the fact (an identifier) never holds the separator. */
export function factBenefitCode(fact: string, benefitId: string): string {
  return `${fact}:${benefitId}`;
}

export function splitFactBenefit(code: string): { readonly fact: string; readonly benefitId: string } | null {
  const at = code.indexOf(':');
  return at > 0 ? { fact: code.slice(0, at), benefitId: code.slice(at + 1) } : null;
}
const MISSING_DEFAULT: Text = { it: 'Non rilevato', en: 'Not recorded' };

export function missingCategory(breakdown: BreakdownId): { readonly code: string; readonly label: Text } {
  const own = BREAKDOWNS[breakdown].categories?.find((category) => category.code === NOT_RECORDED || category.code === 'UNKNOWN');
  return own ?? { code: NOT_RECORDED, label: MISSING_LABELS[breakdown] ?? MISSING_DEFAULT };
}

export function categoryCodes(breakdown: BreakdownId): readonly string[] | null {
  const categories = BREAKDOWNS[breakdown].categories;
  return categories ? categories.map((category) => category.code) : null;
}

export function categoryLabel(breakdown: BreakdownId, code: string): Text | undefined {
  const missing = missingCategory(breakdown);
  return BREAKDOWNS[breakdown].categories?.find((category) => category.code === code)?.label ?? (code === missing.code ? missing.label : undefined);
}
