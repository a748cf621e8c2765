import { Injectable } from '@nestjs/common';

/**
 * Programme time. Deadlines, validity and semesters are calendar days in Europe/Rome, written
 * YYYY-MM-DD, not UTC instants; "now" is injected so tests can fix or move it.
 */

export const ROME_TIME_ZONE = 'Europe/Rome';
const DAY_MS = 86_400_000;

/** Injected wherever "now" matters. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

export class FixedClock extends Clock {
  private current: Date;

  constructor(start: Date | string = new Date()) {
    super();
    this.current = new Date(start);
  }

  override now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  advanceDays(days: number): void {
    this.advance(days * DAY_MS);
  }
}

const romeFormatter = new Intl.DateTimeFormat('en-CA', { timeZone: ROME_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day (YYYY-MM-DD) an instant falls on in Rome. */
export function romeDate(instant: Date): string {
  const parts = romeFormatter.formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True for a real calendar day written YYYY-MM-DD (2026-02-29 is false). */
export function isIsoDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function dayNumber(isoDay: string): number {
  if (!isIsoDay(isoDay)) throw new RangeError(`Not a YYYY-MM-DD day: ${isoDay}`);
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Adds (or subtracts) whole days; pure calendar arithmetic, so daylight saving cannot shift it. */
export function addDays(isoDay: string, days: number): string {
  return new Date((dayNumber(isoDay) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
