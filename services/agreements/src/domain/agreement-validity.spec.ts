import { computeValidity, renewValidity } from './agreement-validity';

describe('computeValidity', () => {
  it('gives a framework one year from the last signature by default (message 2410/2021)', () => {
    const result = computeValidity({ kind: 'FRAMEWORK', signatureDates: ['2021-06-10', '2021-06-21', '2021-06-15'] });
    expect(result).toEqual({ ok: true, value: { from: '2021-06-21', to: '2022-06-20' } });
  });

  it('uses the term the text sets: the 2024 framework lasts three years (message 1334/2024)', () => {
    const result = computeValidity({ kind: 'FRAMEWORK', signatureDates: ['2024-03-14'], term: { years: 3 } });
    expect(result).toEqual({ ok: true, value: { from: '2024-03-14', to: '2027-03-13' } });
  });

  it('ends a one-year term the day before the anniversary of its first day (signed 2026-11-26: last day 2027-11-25)', () => {
    expect(computeValidity({ kind: 'FRAMEWORK', signatureDates: ['2026-11-26'], term: { years: 1 } })).toEqual({
      ok: true,
      value: { from: '2026-11-26', to: '2027-11-25' },
    });
    expect(computeValidity({ kind: 'LOCAL', signatureDates: ['2026-01-01'], term: { days: 90 } })).toEqual({
      ok: true,
      value: { from: '2026-01-01', to: '2026-03-31' },
    });
  });

  it('clamps a term ending on a day the month lacks', () => {
    expect(computeValidity({ kind: 'FRAMEWORK', signatureDates: ['2024-02-29'] })).toEqual({ ok: true, value: { from: '2024-02-29', to: '2025-02-28' } });
    expect(computeValidity({ kind: 'FRAMEWORK', signatureDates: ['2026-01-31'], term: { months: 1 } })).toEqual({
      ok: true,
      value: { from: '2026-01-31', to: '2026-02-28' },
    });
  });

  it('honours an explicit start and end from the text', () => {
    const result = computeValidity({ kind: 'LOCAL', signatureDates: ['2025-12-15'], effectiveFrom: '2026-01-01', validTo: '2026-12-31' });
    expect(result).toEqual({ ok: true, value: { from: '2026-01-01', to: '2026-12-31' } });
  });

  it('refuses an end before the start, naming the field', () => {
    const result = computeValidity({ kind: 'LOCAL', signatureDates: ['2026-03-01'], validTo: '2026-02-28' });
    expect(!result.ok && result.error.details.map((d) => [d.field, d.rule])).toEqual([['validity.to', 'END_BEFORE_START']]);
    expect(!result.ok && result.error.details[0].issue.it).toContain('2026-02-28');
  });

  it('keeps a territorial agreement within its framework', () => {
    const framework = { from: '2024-03-14', to: '2027-03-14' };
    expect(computeValidity({ kind: 'TERRITORIAL', signatureDates: ['2025-05-02'], parent: framework })).toEqual({
      ok: true,
      value: { from: '2025-05-02', to: '2027-03-14' },
    });
    expect(computeValidity({ kind: 'TERRITORIAL', signatureDates: ['2025-05-02'], term: { years: 1 }, parent: framework })).toEqual({
      ok: true,
      value: { from: '2025-05-02', to: '2026-05-01' },
    });
    const tooLong = computeValidity({ kind: 'TERRITORIAL', signatureDates: ['2026-05-02'], term: { years: 1 }, parent: framework });
    expect(!tooLong.ok && tooLong.error.details.map((d) => d.rule)).toEqual(['ENDS_AFTER_PARENT']);
    expect(!tooLong.ok && tooLong.error.details[0].issue.en).toContain('2027-03-14');
    const tooEarly = computeValidity({ kind: 'TERRITORIAL', signatureDates: ['2024-01-10'], term: { months: 6 }, parent: framework });
    expect(!tooEarly.ok && tooEarly.error.details.map((d) => d.field)).toEqual(['validity.from']);
  });

  it('requires a framework for a territorial agreement and a term for a free-standing local one', () => {
    const territorial = computeValidity({ kind: 'TERRITORIAL', signatureDates: ['2025-05-02'], term: { years: 1 } });
    expect(!territorial.ok && territorial.error.details[0].field).toBe('frameworkId');
    const local = computeValidity({ kind: 'LOCAL', signatureDates: ['2025-05-02'] });
    expect(!local.ok && local.error.details[0]).toMatchObject({ field: 'term', rule: 'TERM_REQUIRED' });
  });

  it('reports every input problem at once', () => {
    const result = computeValidity({ kind: 'FRAMEWORK', signatureDates: ['2025-02-30', 'ieri'], term: { years: -1 }, validTo: '2026-01-01' });
    expect(!result.ok && result.error.details.map((d) => d.field)).toEqual(['signatureDates[0]', 'signatureDates[1]', 'term', 'term']);
    const none = computeValidity({ kind: 'FRAMEWORK', signatureDates: [] });
    expect(!none.ok && none.error.details[0].rule).toBe('SIGNATURES_MISSING');
  });
});

describe('renewValidity', () => {
  const current = { from: '2024-03-14', to: '2027-03-14' };

  it('starts the day after the current term and lasts the renewal term', () => {
    expect(renewValidity({ current, term: { years: 3 }, renewalsUsed: 0, maxRenewals: 1 })).toEqual({
      ok: true,
      value: { from: '2027-03-15', to: '2030-03-14' },
    });
  });

  it('refuses a second renewal of an agreement "rinnovabile una sola volta"', () => {
    const result = renewValidity({ current, term: { years: 3 }, renewalsUsed: 1, maxRenewals: 1 });
    expect(!result.ok && result.error.details[0]).toMatchObject({ field: 'renewal', rule: 'NO_RENEWALS_LEFT' });
  });
});
