import type { ScreeningCompletedPayload } from '@inps/shared';
import { ageBand, householdSizeBand, type EvaluationResult, type Facts } from '../../domain';
import type { ScreeningEntity } from './screening.entity';

const ISEE_FACTS = new Set(['isee', 'hasIsee']);
const RESIDENCE_FACTS = new Set(['hasRegisteredResidence', 'yearsOfResidenceInItaly', 'lastTwoYearsContinuous']);

export function screeningCompletedPayload(s: ScreeningEntity, outcome: EvaluationResult): ScreeningCompletedPayload {
  const facts: Facts = s.facts;
  const stopped = new Set<'ISEE' | 'RESIDENCE'>();
  for (const b of outcome.benefits) {
    if (b.status !== 'UNDETERMINED') continue;
    if (b.missingFacts.some((f) => ISEE_FACTS.has(f)) || facts.hasIsee === false) stopped.add('ISEE');
    if (b.missingFacts.some((f) => RESIDENCE_FACTS.has(f)) || facts.hasRegisteredResidence === false) stopped.add('RESIDENCE');
  }
  return {
    screeningId: s.id,
    ruleSetId: s.ruleSetId,
    day: s.completedOn ?? s.lastActivityOn,
    territory: s.territoryCode,
    organisationId: s.organisationId,
    channel: s.channel,
    mode: s.mode,
    ageBand: ageBand(typeof facts.age === 'number' ? facts.age : undefined),
    householdSizeBand: householdSizeBand(typeof facts.householdSize === 'number' ? facts.householdSize : undefined),
    verdicts: outcome.benefits.map((b) => ({ benefitId: b.id, status: b.status })),
    stoppedFor: [...stopped].sort(),
  };
}
