import { addDays, addTerm, daysBetween, isIsoDate, romeDate } from '../rome-calendar';

describe('rome-calendar', () => {
  it('gives the Rome day of an instant, not the UTC one', () => {
    expect(romeDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(romeDate(new Date('2026-07-31T21:59:59Z'))).toBe('2026-07-31');
    expect(romeDate(new Date('2026-07-31T22:00:00Z'))).toBe('2026-08-01');
    expect(romeDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('validates calendar days', () => {
    expect(['2024-02-29', '2026-12-31'].map(isIsoDate)).toEqual([true, true]);
    expect(['2025-02-29', '2026-13-01', '2026-1-01', '', 20260101, null].map(isIsoDate)).toEqual([false, false, false, false, false, false]);
  });

  it('counts calendar days across the daylight-saving changes', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });

  it('adds terms the calendar way', () => {
    expect(addTerm('2024-03-14', { years: 3 })).toBe('2027-03-14');
    expect(addTerm('2024-02-29', { years: 1 })).toBe('2025-02-28');
    expect(addTerm('2026-08-31', { months: 6 })).toBe('2027-02-28');
    expect(addTerm('2026-01-01', { days: 90 })).toBe('2026-04-01');
  });
});
