import type { RuleSetDefinition } from './definition.types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The published rule set in force on `asOf` (YYYY-MM-DD); on overlap the latest effectiveFrom wins. */
export function selectRuleSet(all: readonly RuleSetDefinition[], asOf: string): RuleSetDefinition | undefined {
  if (typeof asOf !== 'string' || !DATE.test(asOf)) return undefined;
  let best: RuleSetDefinition | undefined;
  for (const rs of all) {
    if (rs.status !== 'published') continue;
    if (rs.effectiveFrom > asOf) continue;
    if (rs.effectiveTo !== null && rs.effectiveTo !== undefined && rs.effectiveTo < asOf) continue;
    if (!best || rs.effectiveFrom > best.effectiveFrom || (rs.effectiveFrom === best.effectiveFrom && rs.id > best.id)) best = rs;
  }
  return best;
}
