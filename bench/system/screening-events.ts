import { addDays, romeDate } from '@inps/kernel';
import type { OutboxMessage } from '@inps/shared';
import { benefitIdsOf, semesterFirstDay } from '../../services/monitoring/src/domain';
import type { Prng } from '../../services/monitoring/src/modules/seed/prng';

/** `count` screening.completed events in the semester, spread over the comuni and channels, as the questionnaire publishes them. */
export function screeningEvents(count: number, comuni: readonly string[], prng: Prng, semester: string): OutboxMessage[] {
  const benefits = benefitIdsOf(['it-2026']);
  const channels = ['desk', 'mobile_unit', 'gazebo', 'phone', 'self'];
  const ages = ['0-17', '18-29', '30-44', '45-59', '60-66', '67+', 'unknown'];
  return Array.from({ length: count }, () => {
    const channel = prng.pick(channels);
    return {
      id: prng.uuid(),
      type: 'screening.completed',
      occurredOn: romeDate(new Date()),
      payload: {
        screeningId: prng.uuid(),
        ruleSetId: 'it-2026',
        day: addDays(semesterFirstDay(semester), prng.int(0, 180)),
        territory: prng.pick(comuni),
        organisationId: channel === 'self' ? null : 'caritas-roma',
        channel,
        mode: channel === 'self' ? 'self' : 'operator',
        ageBand: prng.pick(ages),
        householdSizeBand: prng.pick(['1', '2', '3-4', '5+', 'unknown']),
        verdicts: benefits.map((benefitId) => ({ benefitId, status: prng.pick(['LIKELY_ELIGIBLE', 'NOT_ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED']) })),
        stoppedFor: prng.chance(0.1) ? ['ISEE'] : [],
      },
    };
  });
}
