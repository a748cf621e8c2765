import { ageBand, householdSizeBand, type EvaluationResult, type Facts } from '../../engine';
import type { ScreeningEntity } from './screening.entity';

export const SCREENING_COMPLETED = 'screening.completed';

/**
 * What monitoring learns about a completed screening. Deliberately coarse: bands instead of ages and
 * sizes, the day instead of the instant, and verdicts instead of facts. The screening id is a random
 * UUID that only lets follow-ups refer to the screening; it says nothing about the person.
 */
export interface ScreeningCompletedPayload {
  screeningId: string;
  ruleSetId: string;
  day: string;
  territory: string | null;
  organisationId: string | null;
  channel: string;
  mode: string;
  ageBand: string;
  householdSizeBand: string;
  verdicts: { benefitId: string; status: string }[];
  /** Why the screening could not conclude on some benefit: the two blockers the programme tracks. */
  stoppedFor: ('ISEE' | 'RESIDENCE')[];
}

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
