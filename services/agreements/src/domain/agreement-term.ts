import { addDays, isIsoDate, type IsoDate } from '@inps/kernel';
import { DateTime } from 'luxon';

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
  if (!isIsoDate(day)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  const result = DateTime.fromISO(day, { zone: 'utc' })
    .plus({ years: term.years ?? 0, months: term.months ?? 0 })
    .plus({ days: term.days ?? 0 })
    .toISODate();
  if (result === null) throw new RangeError(`Cannot add term to ${day}`);
  return result;
}

/**
 * The last day in force of a term whose first day is `start`, both days included: a year from
 * 2026-11-26 is in force to 2027-11-25, not to the anniversary, which would make it a year and a
 * day. Counting the term from the day before the start (rather than taking a day off the
 * anniversary) keeps the month-end clamp right: a year from 29 February 2024 ends on 28 February
 * 2025, 366 days, not on the 27th.
 */
export function lastDayOfTerm(start: IsoDate, term: Term): IsoDate {
  if (!isIsoDate(start)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${start}`);
  return addTerm(addDays(start, -1), term);
}
