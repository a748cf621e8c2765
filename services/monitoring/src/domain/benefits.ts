/**
 * Benefit ids and display names of the two built-in rule sets. Monitoring owns no rules: the
 * questionnaire service does, and its `screening.completed` events carry only ids. Monitoring
 * keeps the ids (and, in its message catalogue, the names) so that a report stays readable after a
 * rule set is retired, and a report snapshot freezes the names it used. Ids are the contract; names may be corrected freely.
 */
type RuleSetId = 'it-2019-10' | 'it-2026';

interface BenefitDefinition {
  readonly id: string;
  readonly ruleSets: readonly RuleSetId[];
}

const b = (id: string, ruleSets: readonly RuleSetId[]): BenefitDefinition => ({ id, ruleSets });

const BOTH: readonly RuleSetId[] = ['it-2019-10', 'it-2026'];
const Y2026: readonly RuleSetId[] = ['it-2026'];
const Y2019: readonly RuleSetId[] = ['it-2019-10'];

/** In the order of docs/benefits.md §1, 2026 first. */
const BENEFITS: readonly BenefitDefinition[] = [
  b('assegno-inclusione', Y2026),
  b('supporto-formazione-lavoro', Y2026),
  b('assegno-unico', Y2026),
  b('assegno-maternita-comuni', BOTH),
  b('bonus-nuovi-nati', Y2026),
  b('bonus-asilo-nido', BOTH),
  b('naspi', BOTH),
  b('assegno-sociale', BOTH),
  b('pensione-inabilita', BOTH),
  b('assegno-mensile-invalidita', BOTH),
  b('indennita-accompagnamento', BOTH),
  b('indennita-frequenza', BOTH),
  b('accertamento-invalidita', BOTH),
  b('carta-dedicata-a-te', Y2026),
  b('reddito-cittadinanza', Y2019),
  b('pensione-cittadinanza', Y2019),
  b('assegno-nucleo-comuni', Y2019),
  b('bonus-bebe', Y2019),
  b('premio-nascita', Y2019),
];

/** Whether monitoring knows the benefit (its names are `benefit.<id>.name` and `.short` in the message catalogue). */
export function isKnownBenefit(id: string): boolean {
  return BENEFITS.some((benefit) => benefit.id === id);
}

/** Benefit ids of the given rule sets, in catalogue order, each once. */
export function benefitIdsOf(ruleSets: readonly string[]): string[] {
  return BENEFITS.filter((benefit) => benefit.ruleSets.some((id) => ruleSets.includes(id))).map((benefit) => benefit.id);
}
