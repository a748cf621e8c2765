import { addDays, daysBetween, isIsoDate, romeDate, romeDaySql } from './calendar';

describe('calendar', () => {
  it('puts an instant on its Rome day, not its UTC day', () => {
    expect(romeDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(romeDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01'); // summer time, UTC+2
    expect(romeDate(new Date('2026-07-31T21:59:59Z'))).toBe('2026-07-31');
    expect(romeDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31'); // winter time, UTC+1
    expect(romeDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(() => romeDate(new Date('nonsense'))).toThrow(RangeError);
  });

  it('recognises real calendar days only', () => {
    expect(['2024-02-29', '2028-02-29', '2026-12-31'].map(isIsoDate)).toEqual([true, true, true]);
    expect(['2025-02-29', '2026-13-01', '2026-1-01', '', 20260101, null].map(isIsoDate)).toEqual([false, false, false, false, false, false]);
  });

  it('counts calendar days across the daylight-saving changes', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-10-30', '2026-10-26')).toBe(-4);
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 30)).toBe('2027-01-30');
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => addDays('2026-1-1', 1)).toThrow(RangeError);
  });

  it('gives SQL the same Rome day', () => {
    expect(romeDaySql()).toBe("(now() AT TIME ZONE 'Europe/Rome')::date");
    expect(romeDaySql('created_at')).toBe("(created_at AT TIME ZONE 'Europe/Rome')::date");
  });
});
