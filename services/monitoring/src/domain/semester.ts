import { addDays, isIsoDate, romeDate, ROME_TIME_ZONE } from '@inps/kernel';
// Only for the instant a Rome day starts (its UTC offset changes with daylight saving time); day
// arithmetic and the day of an instant come from the kernel's calendar.
import { DateTime } from 'luxon';

/**
 * Monitoring periods are calendar half-years in Italian civil time: `2026S1` runs from
 * 1 January to 30 June, `2026S2` from 1 July to 31 December. Instants are computed in
 * Europe/Rome because partners' deadlines and the programme's calendar are Italian dates:
 * a return filed at 00:30 on 1 July in Rome belongs after the end of S1 even though it is
 * still 30 June in UTC.
 */

/** The programme started on 9 October 2019: nothing can be reported before 2019S2. */
export const FIRST_SEMESTER_YEAR = 2019;
/** A generous upper bound that still catches typos such as `20266S1`. */
export const LAST_SEMESTER_YEAR = 2100;

type SemesterHalf = 1 | 2;

export interface Semester {
  readonly year: number;
  readonly half: SemesterHalf;
  /** Canonical form, e.g. `2026S1`. */
  readonly id: string;
}

export class SemesterParseError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`Invalid semester "${input}": ${reason}. Expected a year and a half, like 2026S1 (January–June) or 2026S2 (July–December).`);
    this.name = 'SemesterParseError';
  }
}

function semester(year: number, half: SemesterHalf): Semester {
  if (!Number.isInteger(year) || year < FIRST_SEMESTER_YEAR || year > LAST_SEMESTER_YEAR) {
    throw new SemesterParseError(`${year}S${half}`, `the year must be a whole number from ${FIRST_SEMESTER_YEAR} to ${LAST_SEMESTER_YEAR}`);
  }
  if (half !== 1 && half !== 2) {
    throw new SemesterParseError(`${year}S${String(half)}`, 'the half must be 1 or 2');
  }
  return { year, half, id: `${year}S${half}` };
}

/** Parses `2026S1`; a lower-case `s` and surrounding blanks are tolerated, the result is canonical. */
export function parseSemester(input: string): Semester {
  if (typeof input !== 'string') {
    throw new SemesterParseError(String(input), 'a text value is required');
  }
  const text = input.trim();
  if (text === '') throw new SemesterParseError(input, 'the value is empty');
  const match = /^(\d+)[sS](\d+)$/.exec(text);
  if (!match) {
    if (/^\d{4}-\d{2}(-\d{2})?$/.test(text)) {
      throw new SemesterParseError(input, 'this is a date, not a semester (use semesterOf for a date)');
    }
    throw new SemesterParseError(input, 'it does not have the form <year>S<half>');
  }
  const [, yearText, halfText] = match;
  if (yearText.length !== 4) throw new SemesterParseError(input, 'the year must have four digits');
  if (halfText !== '1' && halfText !== '2') throw new SemesterParseError(input, `the half must be 1 or 2, not ${halfText}`);
  const year = Number(yearText);
  if (year < FIRST_SEMESTER_YEAR || year > LAST_SEMESTER_YEAR) {
    throw new SemesterParseError(input, `the year must be from ${FIRST_SEMESTER_YEAR} to ${LAST_SEMESTER_YEAR}`);
  }
  return semester(year, halfText === '1' ? 1 : 2);
}

/** Like parseSemester, for validators that collect issues instead of throwing. */
export function tryParseSemester(input: string): { ok: true; semester: Semester } | { ok: false; error: string } {
  try {
    return { ok: true, semester: parseSemester(input) };
  } catch (error) {
    if (error instanceof SemesterParseError) return { ok: false, error: error.message };
    throw error;
  }
}

function asSemester(value: Semester | string): Semester {
  return typeof value === 'string' ? parseSemester(value) : value;
}

/** First calendar day, ISO `YYYY-MM-DD`. */
export function semesterFirstDay(value: Semester | string): string {
  const s = asSemester(value);
  return s.half === 1 ? `${s.year}-01-01` : `${s.year}-07-01`;
}

/** Last calendar day, ISO `YYYY-MM-DD` (inclusive). */
export function semesterLastDay(value: Semester | string): string {
  const s = asSemester(value);
  return s.half === 1 ? `${s.year}-06-30` : `${s.year}-12-31`;
}

function romeMidnight(isoDate: string): DateTime {
  return DateTime.fromISO(isoDate, { zone: ROME_TIME_ZONE }).startOf('day');
}

/** The instant the semester starts: midnight of its first day in Rome. */
export function semesterStart(value: Semester | string): Date {
  return romeMidnight(semesterFirstDay(value)).toJSDate();
}

/**
 * The instant the semester ends, exclusive: midnight in Rome after its last day (which is
 * also the start of the next semester). Half-open ranges make `start <= t < end` tests exact.
 */
export function semesterEnd(value: Semester | string): Date {
  return semesterStart(nextSemester(asSemester(value)));
}

export function nextSemester(value: Semester | string): Semester {
  const s = asSemester(value);
  return s.half === 1 ? semester(s.year, 2) : semester(s.year + 1, 1);
}

export function previousSemester(value: Semester | string): Semester {
  const s = asSemester(value);
  if (s.half === 2) return semester(s.year, 1);
  if (s.year - 1 < FIRST_SEMESTER_YEAR) {
    throw new SemesterParseError(s.id, `there is no semester before ${FIRST_SEMESTER_YEAR}S1`);
  }
  return semester(s.year - 1, 2);
}

export function compareSemesters(a: Semester | string, b: Semester | string): number {
  const x = asSemester(a);
  const y = asSemester(b);
  return x.year !== y.year ? x.year - y.year : x.half - y.half;
}

/** True once the whole last day of the semester has passed in Rome. */
export function hasSemesterEnded(value: Semester | string, asOf: Date): boolean {
  return asOf.getTime() >= semesterEnd(value).getTime();
}

/**
 * The semester containing an instant (read in Rome time) or a calendar date `YYYY-MM-DD`
 * (taken as it is: a calendar date has no time zone to convert).
 */
export function semesterOf(when: Date | string): Semester {
  let day: string;
  if (typeof when === 'string') {
    if (!isIsoDate(when)) throw new SemesterParseError(when, 'expected a calendar date YYYY-MM-DD');
    day = when;
  } else {
    if (Number.isNaN(when.getTime())) throw new SemesterParseError(String(when), 'the date is not valid');
    day = romeDate(when);
  }
  return semester(Number(day.slice(0, 4)), Number(day.slice(5, 7)) <= 6 ? 1 : 2);
}

export interface ReturnDeadline {
  /** The last calendar day a return counts as on time, ISO `YYYY-MM-DD`. */
  readonly dueDate: string;
  /** First instant that is late: midnight in Rome after the due date. */
  readonly lateFrom: Date;
}

/**
 * Due date of the partners' return: the semester's last day plus `graceDays` calendar days
 * (configuration decides how many; the programme's agreements speak of "every six months"
 * without a fixed grace, so it must not be hard-coded). A return submitted at any time on the
 * due date, Rome time, is on time.
 */
export function returnDeadline(value: Semester | string, graceDays: number): ReturnDeadline {
  if (!Number.isInteger(graceDays) || graceDays < 0) {
    throw new RangeError(`graceDays must be a whole number of days ≥ 0, got ${graceDays}`);
  }
  const dueDate = addDays(semesterLastDay(value), graceDays);
  return { dueDate, lateFrom: romeMidnight(addDays(dueDate, 1)).toJSDate() };
}

export function isSubmittedOnTime(value: Semester | string, submittedAt: Date, graceDays: number): boolean {
  return submittedAt.getTime() < returnDeadline(value, graceDays).lateFrom.getTime();
}
