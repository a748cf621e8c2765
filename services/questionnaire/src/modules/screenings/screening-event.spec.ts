import type { EvaluationResult } from '../../domain';
import { screeningCompletedPayload } from './screening-event';
import type { ScreeningEntity } from './screening.entity';

const screening = (facts: Record<string, unknown>): ScreeningEntity =>
  ({
    id: '8f0c6a1e-2b7d-4c55-9a3e-1f2d3c4b5a69',
    ruleSetId: 'it-2026',
    completedOn: '2026-03-10',
    lastActivityOn: '2026-03-10',
    territoryCode: '058091',
    organisationId: null,
    channel: 'self',
    mode: 'self',
    facts,
  }) as unknown as ScreeningEntity;

const benefit = (id: string, status: EvaluationResult['benefits'][number]['status'], missingFacts: string[] = []) =>
  ({ id, status, missingFacts }) as unknown as EvaluationResult['benefits'][number];

const outcome = (benefits: EvaluationResult['benefits'], unknownFacts: string[]): EvaluationResult => ({
  ruleSet: { id: 'it-2026', effectiveFrom: '2026-01-01', effectiveTo: null },
  benefits,
  unknownFacts,
  inferredFacts: [],
  translation: { requested: 'it', languagesUsed: ['it'], allReviewed: true },
});

describe('screeningCompletedPayload', () => {
  it("carries the don't-know facts by name, and per undetermined benefit those it lacked", () => {
    const payload = screeningCompletedPayload(
      screening({ age: 40, isee: null, homeless: null, householdSize: 3 }),
      outcome(
        [
          benefit('assegno-inclusione', 'UNDETERMINED', ['isee', 'hasRegisteredResidence']),
          benefit('assegno-unico', 'UNDETERMINED', ['childrenUnder3']),
          benefit('carta-acquisti', 'NOT_ELIGIBLE'),
        ],
        ['isee', 'homeless'],
      ),
    );
    expect(payload.unknownFacts).toEqual(['isee', 'homeless']);
    expect(payload.verdicts).toEqual([
      { benefitId: 'assegno-inclusione', status: 'UNDETERMINED', unknownFacts: ['isee'] },
      { benefitId: 'assegno-unico', status: 'UNDETERMINED' },
      { benefitId: 'carta-acquisti', status: 'NOT_ELIGIBLE' },
    ]);
    // Names only: no value of any fact travels.
    expect(JSON.stringify(payload)).not.toMatch(/"age"|:40|householdSize"/);
  });

  it('keeps the shape events always had when nothing was answered "don\'t know"', () => {
    const payload = screeningCompletedPayload(screening({ age: 40 }), outcome([benefit('assegno-unico', 'UNDETERMINED', ['childrenUnder3'])], []));
    expect('unknownFacts' in payload).toBe(false);
    expect(payload.verdicts).toEqual([{ benefitId: 'assegno-unico', status: 'UNDETERMINED' }]);
  });
});
