import { Injectable } from '@nestjs/common';

const DAY_MS = 86_400_000;

/**
 * "Now", injected wherever it matters so that tests can fix or move it. Days are computed from it
 * with the calendar of @inps/kernel (`romeDate(clock.now())`).
 */
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
