import type { ScreeningCompletedPayload, ScreeningVerdict } from '@inps/shared';
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
  // Names only, never the values: an outcome stored before "I don't know" existed has none.
  const unknown = new Set(outcome.unknownFacts ?? []);
  const verdicts = outcome.benefits.map((b): ScreeningVerdict => {
    const lacked = b.status === 'UNDETERMINED' ? b.missingFacts.filter((f) => unknown.has(f)) : [];
    return lacked.length > 0 ? { benefitId: b.id, status: b.status, unknownFacts: lacked } : { benefitId: b.id, status: b.status };
  });
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
    verdicts,
    stoppedFor: [...stopped].sort(),
    // Left out when empty, so that events without a don't-know keep the shape they always had.
    ...(unknown.size > 0 ? { unknownFacts: [...unknown] } : {}),
  };
}
