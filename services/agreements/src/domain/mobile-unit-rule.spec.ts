import fc from 'fast-check';
import { checkMobileUnitLeadTime, mobileUnitLeadTime } from './mobile-unit-rule';
import { at, central, dcmRoma } from './testing';

/** An independent day count: Intl for the Rome calendar day, then one day at a time. */
const romeParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });
function naiveRomeDay(instant: Date): number {
  const parts = Object.fromEntries(romeParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
}
function naiveDaysAhead(requestedAt: Date, eventAt: Date): number {
  let day = naiveRomeDay(requestedAt);
  const target = naiveRomeDay(eventAt);
  let n = 0;
  const step = day <= target ? 1 : -1;
  while (day !== target) {
    day = new Date(day).setUTCDate(new Date(day).getUTCDate() + step);
    n += step;
  }
  return n;
}

const check = (requestedAt: string, eventAt: string) => checkMobileUnitLeadTime({ requestedAt: at(requestedAt), eventStartsAt: at(eventAt) }, dcmRoma);

describe('the 15-day rule for mobile units', () => {
  it('accepts 15 Rome days and refuses 14, naming the field', () => {
    expect(check('2026-05-01T23:59:00+02:00', '2026-05-16T09:00:00+02:00')).toMatchObject({ ok: true, value: { onTime: true, leadTime: { daysAhead: 15 } } });
    const late = check('2026-05-02T00:01:00+02:00', '2026-05-16T09:00:00+02:00');
    expect(late.ok).toBe(false);
    if (late.ok) return;
    expect(late.error.code).toBe('VALIDATION_FAILED');
    expect(late.error.details).toHaveLength(1);
    expect(late.error.details[0].field).toBe('eventDate');
    expect(late.error.details[0].issue.en).toContain('at least 15 days');
    expect(late.error.details[0].issue.en).toContain('14 days ahead');
    expect(late.error.details[0].issue.it).toContain('almeno 15 giorni');
  });

  it('counts the Rome day of filing, not the UTC one, around midnight', () => {
    // 00:30 in Rome on 2 May is 22:30 UTC on 1 May: by UTC days it would look like 15.
    expect(check('2026-05-02T00:30:00+02:00', '2026-05-16T09:00:00+02:00').ok).toBe(false);
    // 23:30 in Rome on 1 May is 21:30 UTC the same day.
    expect(check('2026-05-01T23:30:00+02:00', '2026-05-16T00:15:00+02:00').ok).toBe(true);
  });

  it('is right across the spring change (last Sunday of March, a 23-hour day)', () => {
    expect(check('2026-03-14T23:59:00+01:00', '2026-03-29T10:00:00+02:00').ok).toBe(true);
    expect(check('2026-03-15T00:01:00+01:00', '2026-03-29T10:00:00+02:00').ok).toBe(false);
    // 14 days and 22.5 hours elapse, yet the calendar says 15 days.
    expect(check('2026-03-14T10:00:00+01:00', '2026-03-29T09:30:00+02:00').ok).toBe(true);
    expect(check('2026-03-16T00:30:00+01:00', '2026-03-30T10:00:00+02:00').ok).toBe(false);
  });

  it('is right across the autumn change (last Sunday of October, a 25-hour day)', () => {
    expect(check('2026-10-10T23:59:00+02:00', '2026-10-25T10:00:00+01:00').ok).toBe(true);
    expect(check('2026-10-11T00:01:00+02:00', '2026-10-25T10:00:00+01:00').ok).toBe(false);
    // 15 days and 15 minutes elapse, yet the calendar says 14 days.
    expect(check('2026-10-11T00:30:00+02:00', '2026-10-25T23:45:00+01:00').ok).toBe(false);
    expect(mobileUnitLeadTime(at('2026-10-11T00:30:00+02:00'), at('2026-10-25T23:45:00+01:00')).daysAhead).toBe(14);
  });

  it('lets a central user accept a late request, recording why', () => {
    const result = checkMobileUnitLeadTime(
      {
        requestedAt: at('2026-05-10T11:00:00+02:00'),
        eventStartsAt: at('2026-05-16T09:00:00+02:00'),
        override: { reason: '  Evento straordinario per emergenza freddo ' },
      },
      central,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        leadTime: { requestedOn: '2026-05-10', eventOn: '2026-05-16', daysAhead: 6 },
        onTime: false,
        override: { actorId: 'u-central', reason: 'Evento straordinario per emergenza freddo', at: '2026-05-10T09:00:00.000Z', daysAhead: 6 },
      },
    });
  });

  it('refuses an override from anyone else, or without a reason', () => {
    const input = { requestedAt: at('2026-05-10T11:00:00+02:00'), eventStartsAt: at('2026-05-16T09:00:00+02:00') };
    const territorial = checkMobileUnitLeadTime({ ...input, override: { reason: 'urgente' } }, dcmRoma);
    expect(!territorial.ok && territorial.error.code).toBe('FORBIDDEN');
    const blank = checkMobileUnitLeadTime({ ...input, override: { reason: ' ' } }, central);
    expect(!blank.ok && blank.error.details[0].field).toBe('override.reason');
  });

  it('never accepts an event on or before the day of the request, override or not', () => {
    const sameDay = checkMobileUnitLeadTime(
      { requestedAt: at('2026-05-16T08:00:00+02:00'), eventStartsAt: at('2026-05-16T09:00:00+02:00'), override: { reason: 'x' } },
      central,
    );
    expect(!sameDay.ok && sameDay.error.details[0].rule).toBe('EVENT_NOT_IN_FUTURE');
  });

  it('agrees with a naive Rome day count over random instants, near the boundary and across DST', () => {
    const min = Date.parse('2020-01-01T00:00:00Z');
    const max = Date.parse('2032-12-31T00:00:00Z');
    const HOUR = 3_600_000;
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min: -60 * HOUR, max: 60 * HOUR }), fc.integer({ min: 0, max: 30 }), (requested, jitter, days) => {
        const requestedAt = new Date(requested);
        const eventStartsAt = new Date(requested + days * 24 * HOUR + jitter);
        const naive = naiveDaysAhead(requestedAt, eventStartsAt);
        expect(mobileUnitLeadTime(requestedAt, eventStartsAt).daysAhead).toBe(naive);
        expect(checkMobileUnitLeadTime({ requestedAt, eventStartsAt }, dcmRoma).ok).toBe(naive >= 15);
      }),
      { numRuns: 2000 },
    );
  });
});
