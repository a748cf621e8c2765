import { addTerm, lastDayOfTerm } from './agreement-term';

describe('agreement terms', () => {
  it('adds terms the calendar way', () => {
    expect(addTerm('2024-03-14', { years: 3 })).toBe('2027-03-14');
    expect(addTerm('2024-02-29', { years: 1 })).toBe('2025-02-28');
    expect(addTerm('2026-08-31', { months: 6 })).toBe('2027-02-28');
    expect(addTerm('2026-01-01', { days: 90 })).toBe('2026-04-01');
    expect(() => addTerm('2026-02-30', { days: 1 })).toThrow(RangeError);
  });

  it('gives the last day in force of a term that starts on a day, that day included', () => {
    expect(lastDayOfTerm('2026-11-26', { years: 1 })).toBe('2027-11-25');
    expect(lastDayOfTerm('2024-03-14', { years: 3 })).toBe('2027-03-13');
    // A whole year from 29 February is 366 days, to 28 February.
    expect(lastDayOfTerm('2024-02-29', { years: 1 })).toBe('2025-02-28');
    expect(lastDayOfTerm('2024-03-01', { years: 1 })).toBe('2025-02-28');
    expect(lastDayOfTerm('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(lastDayOfTerm('2026-01-01', { days: 90 })).toBe('2026-03-31');
    expect(lastDayOfTerm('2026-01-01', { days: 1 })).toBe('2026-01-01');
  });
});
