import type { OutreachEvent } from './outreach-event';
import { communicatedInTime, outreachEventAllowedActions, rescheduleOutreachEvent, transitionOutreachEvent, validateEventTimes } from './outreach-event';
import { at, central, dcmMilano, dcmRoma, hierarchy, ROMA } from './testing';

const event: OutreachEvent = {
  id: 'e-1',
  status: 'PLANNED',
  territoryCode: ROMA,
  venueType: 'SOUP_KITCHEN',
  venueName: 'Mensa di via Marsala',
  address: 'Via Marsala 109, Roma',
  startsAt: at('2026-03-29T10:00:00+02:00'),
  endsAt: at('2026-03-29T13:00:00+02:00'),
  communicatedAt: null,
  sequence: 0,
  updatedAt: at('2026-03-01T09:00:00+01:00'),
};

describe('outreach events', () => {
  it('goes PLANNED → COMMUNICATED → CONFIRMED → HELD, raising SEQUENCE each time', () => {
    const t1 = at('2026-03-10T12:00:00+01:00');
    const communicated = transitionOutreachEvent(event, { action: 'communicate' }, dcmRoma, t1, hierarchy);
    expect(communicated.ok && communicated.value).toMatchObject({ status: 'COMMUNICATED', communicatedAt: t1, sequence: 1, updatedAt: t1 });
    if (!communicated.ok) return;
    const confirmed = transitionOutreachEvent(communicated.value, { action: 'confirm' }, central, t1, hierarchy);
    expect(confirmed.ok && confirmed.value).toMatchObject({ status: 'CONFIRMED', sequence: 2, communicatedAt: t1 });
    if (!confirmed.ok) return;
    const tooEarly = transitionOutreachEvent(confirmed.value, { action: 'mark_held' }, dcmRoma, t1, hierarchy);
    expect(!tooEarly.ok && tooEarly.error.allowedActions).toEqual(['cancel']);
    const held = transitionOutreachEvent(confirmed.value, { action: 'mark_held' }, dcmRoma, at('2026-03-29T13:05:00+02:00'), hierarchy);
    expect(held.ok && held.value.status).toBe('HELD');
    if (held.ok) expect(outreachEventAllowedActions(held.value, central, at('2026-03-30T09:00:00+02:00'), hierarchy)).toEqual([]);
  });

  it('is communicated only by the competent territorial structure, before it starts', () => {
    const foreign = transitionOutreachEvent(event, { action: 'communicate' }, dcmMilano, at('2026-03-10T12:00:00+01:00'), hierarchy);
    expect(!foreign.ok && foreign.error.details[0]).toMatchObject({ field: 'territoryCode', rule: 'TERRITORY_OUT_OF_SCOPE' });
    expect(transitionOutreachEvent(event, { action: 'communicate' }, central, at('2026-03-10T12:00:00+01:00'), hierarchy).ok).toBe(false);
    const late = transitionOutreachEvent(event, { action: 'communicate' }, dcmRoma, at('2026-03-29T10:00:00+02:00'), hierarchy);
    expect(!late.ok && late.error.details[0].rule).toBe('EVENT_ALREADY_STARTED');
  });

  it('cancels with a reason and cannot be moved afterwards', () => {
    const now = at('2026-03-10T12:00:00+01:00');
    expect(transitionOutreachEvent(event, { action: 'cancel' }, dcmRoma, now, hierarchy).ok).toBe(false);
    const cancelled = transitionOutreachEvent(event, { action: 'cancel', reason: 'Allerta meteo' }, dcmRoma, now, hierarchy);
    expect(cancelled.ok && cancelled.value).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Allerta meteo', sequence: 1 });
    if (!cancelled.ok) return;
    const moved = rescheduleOutreachEvent(cancelled.value, event.startsAt, event.endsAt, now);
    expect(!moved.ok && moved.error.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('reschedules an open event, raising SEQUENCE, and checks the interval', () => {
    const now = at('2026-03-10T12:00:00+01:00');
    const moved = rescheduleOutreachEvent(event, at('2026-04-05T10:00:00+02:00'), at('2026-04-05T12:00:00+02:00'), now);
    expect(moved.ok && moved.value.sequence).toBe(1);
    const backwards = rescheduleOutreachEvent(event, at('2026-04-05T10:00:00+02:00'), at('2026-04-05T10:00:00+02:00'), now);
    expect(!backwards.ok && backwards.error.details[0].field).toBe('endsAt');
    expect(validateEventTimes(new Date('nope'), event.endsAt)?.details[0].field).toBe('startsAt');
  });

  it('measures whether the calendar was communicated in time, in Rome days', () => {
    // 15 Rome days before a 29 March event: 14 March; 00:30 on the 15th is still the 14th in UTC.
    expect(communicatedInTime({ ...event, communicatedAt: at('2026-03-14T23:59:00+01:00') })).toEqual({ inTime: true, daysAhead: 15 });
    expect(communicatedInTime({ ...event, communicatedAt: at('2026-03-15T00:30:00+01:00') })).toEqual({ inTime: false, daysAhead: 14 });
    expect(communicatedInTime({ ...event, communicatedAt: at('2026-03-22T10:00:00+01:00') }, 7)).toEqual({ inTime: true, daysAhead: 7 });
    expect(communicatedInTime({ ...event, communicatedAt: at('2026-03-23T10:00:00+01:00') }, 7)).toEqual({ inTime: false, daysAhead: 6 });
    expect(communicatedInTime(event)).toEqual({ inTime: false, daysAhead: null });
  });
});
