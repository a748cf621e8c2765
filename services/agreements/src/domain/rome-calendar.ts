import { isIsoDate, type IsoDate } from '@inps/territories';
import { DateTime } from 'luxon';

/**
 * Calendar arithmetic for the programme. Deadlines and validity are counted in Europe/Rome calendar
 * days, never in elapsed hours: a day that contains a daylight-saving change has 23 or 25 hours and
 * must still count as one day. Dates travel as `YYYY-MM-DD` strings so that they compare with `<`.
 */

export const PROGRAMME_TIME_ZONE = 'Europe/Rome';

// One definition of a calendar day for the programme's data and domain (libs/territories has no dependencies).
export { isIsoDate, type IsoDate } from '@inps/territories';

/** The Europe/Rome calendar day on which an instant falls. */
export function romeDate(instant: Date): IsoDate {
  const day = DateTime.fromJSDate(instant, { zone: PROGRAMME_TIME_ZONE }).toISODate();
  if (day === null) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return day;
}

function toUtcMidnight(day: IsoDate): number {
  if (!isIsoDate(day)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

/** Whole calendar days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / 86_400_000);
}

/** Adds whole calendar days; time-zone free because calendar days have no length. */
export function addDays(day: IsoDate, days: number): IsoDate {
  return new Date(toUtcMidnight(day) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A term written in an agreement's text ("tre anni", "sei mesi", "90 giorni"). */
export interface Term {
  readonly years?: number;
  readonly months?: number;
  readonly days?: number;
}

export function isEmptyTerm(term: Term): boolean {
  return !term.years && !term.months && !term.days;
}

/**
 * Adds a term to a day. Month arithmetic clamps to the end of the month (29 Feb + 1 year is
 * 28 Feb), which is how the civil code's calendar computation (art. 2963 c.c.) reads a term
 * falling on a day the final month lacks.
 */
export function addTerm(day: IsoDate, term: Term): IsoDate {
  toUtcMidnight(day);
  const result = DateTime.fromISO(day, { zone: 'utc' })
    .plus({ years: term.years ?? 0, months: term.months ?? 0 })
    .plus({ days: term.days ?? 0 })
    .toISODate();
  if (result === null) throw new RangeError(`Cannot add term to ${day}`);
  return result;
}
