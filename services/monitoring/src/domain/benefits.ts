import type { Text } from '@inps/kernel';

/**
 * Benefit ids and display names of the two built-in rule sets. Monitoring owns no rules: the
 * questionnaire service does, and its `screening.completed` events carry only ids. Monitoring
 * keeps the names so that a report stays readable after a rule set is retired, and a report
 * snapshot freezes the names it used. Ids are the contract; names may be corrected freely.
 */
export type RuleSetId = 'it-2019-10' | 'it-2026';

export interface BenefitLabel {
  readonly id: string;
  readonly ruleSets: readonly RuleSetId[];
  readonly name: Text;
  /** Fits a chart axis. */
  readonly short: Text;
}

const b = (id: string, ruleSets: readonly RuleSetId[], it: string, en: string, shortIt: string, shortEn: string): BenefitLabel => ({
  id,
  ruleSets,
  name: { it, en },
  short: { it: shortIt, en: shortEn },
});

const BOTH: readonly RuleSetId[] = ['it-2019-10', 'it-2026'];
const Y2026: readonly RuleSetId[] = ['it-2026'];
const Y2019: readonly RuleSetId[] = ['it-2019-10'];

/** In the order of docs/benefits.md §1, 2026 first. */
export const BENEFITS: readonly BenefitLabel[] = [
  b('assegno-inclusione', Y2026, 'Assegno di inclusione (ADI)', 'Inclusion allowance (ADI)', 'Assegno di inclusione', 'Inclusion allowance'),
  b(
    'supporto-formazione-lavoro',
    Y2026,
    'Supporto per la formazione e il lavoro (SFL)',
    'Support for training and work (SFL)',
    'Supporto formazione lavoro',
    'Training and work support',
  ),
  b('assegno-unico', Y2026, 'Assegno unico e universale per i figli', 'Universal child allowance', 'Assegno unico', 'Child allowance'),
  b('assegno-maternita-comuni', BOTH, 'Assegno di maternità dei Comuni', 'Municipal maternity allowance', 'Maternità dei Comuni', 'Municipal maternity'),
  b('bonus-nuovi-nati', Y2026, 'Bonus nuovi nati', 'Newborn bonus', 'Bonus nuovi nati', 'Newborn bonus'),
  b('bonus-asilo-nido', BOTH, 'Bonus asilo nido', 'Nursery bonus', 'Bonus asilo nido', 'Nursery bonus'),
  b('naspi', BOTH, 'NASpI (indennità di disoccupazione)', 'NASpI (unemployment benefit)', 'NASpI', 'NASpI'),
  b('assegno-sociale', BOTH, 'Assegno sociale', 'Social allowance', 'Assegno sociale', 'Social allowance'),
  b('pensione-inabilita', BOTH, 'Pensione di inabilità civile', 'Civil incapacity pension', 'Pensione di inabilità', 'Incapacity pension'),
  b(
    'assegno-mensile-invalidita',
    BOTH,
    'Assegno mensile di invalidità civile',
    'Monthly civil invalidity allowance',
    'Assegno di invalidità',
    'Invalidity allowance',
  ),
  b('indennita-accompagnamento', BOTH, 'Indennità di accompagnamento', 'Attendance allowance', 'Accompagnamento', 'Attendance allowance'),
  b('indennita-frequenza', BOTH, 'Indennità di frequenza', 'School attendance allowance', 'Indennità di frequenza', 'Attendance (minors)'),
  b('accertamento-invalidita', BOTH, "Accertamento dell'invalidità civile", 'Civil invalidity assessment', 'Accertamento invalidità', 'Invalidity assessment'),
  b('carta-dedicata-a-te', Y2026, 'Carta «Dedicata a te»', '"Dedicata a te" card', 'Carta Dedicata a te', 'Dedicata a te card'),
  b('reddito-cittadinanza', Y2019, 'Reddito di cittadinanza (RdC)', 'Citizenship income (RdC)', 'Reddito di cittadinanza', 'Citizenship income'),
  b('pensione-cittadinanza', Y2019, 'Pensione di cittadinanza (PdC)', 'Citizenship pension (PdC)', 'Pensione di cittadinanza', 'Citizenship pension'),
  b(
    'assegno-nucleo-comuni',
    Y2019,
    'Assegno per il nucleo familiare dei Comuni',
    'Municipal large-family allowance',
    'Assegno nucleo Comuni',
    'Large-family allowance',
  ),
  b('bonus-bebe', Y2019, 'Bonus bebè', 'Baby bonus', 'Bonus bebè', 'Baby bonus'),
  b('premio-nascita', Y2019, 'Premio alla nascita', 'Birth premium', 'Premio alla nascita', 'Birth premium'),
];

export function benefitLabel(id: string): BenefitLabel | undefined {
  return BENEFITS.find((benefit) => benefit.id === id);
}

/** Benefit ids of the given rule sets, in catalogue order, each once. */
export function benefitIdsOf(ruleSets: readonly string[]): string[] {
  return BENEFITS.filter((benefit) => benefit.ruleSets.some((id) => ruleSets.includes(id))).map((benefit) => benefit.id);
}
