import { addDays, daysBetween, FixedClock, isIsoDay, romeDate } from './clock';

describe('programme time', () => {
  it('puts an instant on its Rome day, not its UTC day', () => {
    expect(romeDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01'); // CEST, UTC+2
    expect(romeDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31'); // CET, UTC+1
    expect(romeDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('recognises real calendar days only', () => {
    expect(isIsoDay('2028-02-29')).toBe(true);
    expect(isIsoDay('2026-02-29')).toBe(false);
    expect(isIsoDay('2026-13-01')).toBe(false);
    expect(isIsoDay('2026-1-01')).toBe(false);
  });

  it('counts calendar days across daylight-saving changes', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-30', '2026-10-26')).toBe(-4);
    expect(addDays('2026-12-31', 30)).toBe('2027-01-30');
  });

  it('moves a fixed clock only when told', () => {
    const clock = new FixedClock(new Date('2026-01-01T10:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-01-01T10:00:00.000Z');
    clock.advanceDays(31);
    expect(romeDate(clock.now())).toBe('2026-02-01');
  });
});
