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

  it('gives every instant its own day when asked one after another (the last minute is remembered)', () => {
    const fresh = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });
    // The first and the last millisecond of every minute around midnight on the days the offset changes, and back again.
    for (const start of ['2026-03-28T21:00:00Z', '2026-10-24T21:00:00Z', '2026-12-31T21:00:00Z']) {
      for (let m = 0; m < 240; m++) {
        for (const ms of [0, 59_999, 30_000]) {
          const instant = new Date(Date.parse(start) + m * 60_000 + ms);
          expect(romeDate(instant)).toBe(fresh.format(instant));
        }
      }
    }
    expect(romeDate(new Date('2026-12-31T22:59:59.999Z'))).toBe('2026-12-31');
    expect(romeDate(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
    expect(romeDate(new Date('2026-12-31T22:59:00.000Z'))).toBe('2026-12-31');
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
