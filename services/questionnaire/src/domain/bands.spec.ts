import { ageBand, householdSizeBand } from './bands';

describe('bands for anonymous events', () => {
  it('age bands', () => {
    expect([0, 17, 18, 29, 30, 44, 45, 59, 60, 66, 67, 120].map(ageBand)).toEqual([
      '0-17',
      '0-17',
      '18-29',
      '18-29',
      '30-44',
      '30-44',
      '45-59',
      '45-59',
      '60-66',
      '60-66',
      '67+',
      '67+',
    ]);
    expect([undefined, -1, Number.NaN].map(ageBand)).toEqual(['unknown', 'unknown', 'unknown']);
  });
  it('household size bands', () => {
    expect([1, 2, 3, 4, 5, 12].map(householdSizeBand)).toEqual(['1', '2', '3-4', '3-4', '5+', '5+']);
    expect([undefined, 0].map(householdSizeBand)).toEqual(['unknown', 'unknown']);
  });
});
