/**
 * Programme time. Deadlines, validity, semesters and everything stored beside a screening are
 * calendar days in Rome, written `YYYY-MM-DD` so that they compare with `<` and sort as text. A day
 * that contains a daylight-saving change has 23 or 25 hours and still counts as one day, so day
 * arithmetic never goes through elapsed milliseconds of a real clock.
 */

/** A calendar day written `YYYY-MM-DD`. */
export type IsoDate = string;

/** The programme's time zone: Italian deadlines are Italian days. */
export const ROME_TIME_ZONE = 'Europe/Rome';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written `YYYY-MM-DD` (`2026-02-29` is false). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

function dayNumber(day: IsoDate): number {
  if (!isIsoDate(day)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function fromDayNumber(n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Adds (or, when negative, subtracts) whole calendar days. */
export function addDays(day: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(day) + days);
}

/** Whole calendar days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

const romeFormatter = new Intl.DateTimeFormat('en-CA', { timeZone: ROME_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The last minute asked for and its day. Rome's day always turns on a whole UTC minute (its offsets
 * are whole hours), so every instant of a minute has the same day; `formatToParts` is dear enough
 * (several µs) to show in the answer path's profile, which asks for today more than once a request.
 */
let lastMinute = Number.NaN;
let lastDay: IsoDate = '';

/** The Rome calendar day on which an instant falls. */
export function romeDate(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  const minute = Math.floor(ms / 60_000);
  if (minute === lastMinute) return lastDay;
  const parts = Object.fromEntries(romeFormatter.formatToParts(instant).map((p) => [p.type, p.value])) as Record<string, string>;
  lastDay = `${parts.year}-${parts.month}-${parts.day}`;
  lastMinute = minute;
  return lastDay;
}

/**
 * The same "today in Rome" for SQL, so that PostgreSQL and the code agree on the day:
 * `romeDaySql()` is today, `romeDaySql('created_at')` the day of a timestamptz column.
 */
export function romeDaySql(instantExpression = 'now()'): string {
  return `(${instantExpression} AT TIME ZONE '${ROME_TIME_ZONE}')::date`;
}
