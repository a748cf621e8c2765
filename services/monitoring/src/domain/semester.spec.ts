import {
  compareSemesters,
  hasSemesterEnded,
  isSubmittedOnTime,
  nextSemester,
  parseSemester,
  previousSemester,
  returnDeadline,
  SemesterParseError,
  semesterEnd,
  semesterFirstDay,
  semesterLastDay,
  semesterOf,
  semesterStart,
  tryParseSemester,
} from './semester';

describe('parseSemester', () => {
  it('parses both halves and normalises the form', () => {
    expect(parseSemester('2026S1')).toEqual({ year: 2026, half: 1, id: '2026S1' });
    expect(parseSemester(' 2026s2 ')).toEqual({ year: 2026, half: 2, id: '2026S2' });
  });

  it.each([
    ['', /empty/],
    ['2026', /<year>S<half>/],
    ['2026S3', /half must be 1 or 2, not 3/],
    ['2026S0', /half must be 1 or 2/],
    ['26S1', /four digits/],
    ['20266S1', /four digits/],
    ['2018S2', /from 2019/],
    ['2026-03-01', /this is a date/],
    ['S1-2026', /<year>S<half>/],
  ])('refuses %j with a clear reason', (input, reason) => {
    expect(() => parseSemester(input)).toThrow(SemesterParseError);
    expect(() => parseSemester(input)).toThrow(reason);
    expect(() => parseSemester(input)).toThrow(/like 2026S1/);
  });

  it('tryParseSemester reports instead of throwing', () => {
    expect(tryParseSemester('2026S1')).toEqual({ ok: true, semester: { year: 2026, half: 1, id: '2026S1' } });
    const failed = tryParseSemester('2026S9');
    expect(failed.ok).toBe(false);
  });
});

describe('semester boundaries in Europe/Rome', () => {
  it('S1 starts at midnight CET and ends at midnight CEST', () => {
    expect(semesterStart('2026S1').toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(semesterEnd('2026S1').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(semesterStart('2026S2').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(semesterEnd('2026S2').toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(semesterFirstDay('2026S2')).toBe('2026-07-01');
    expect(semesterLastDay('2026S1')).toBe('2026-06-30');
  });

  it('moves to the previous and next semester across years', () => {
    expect(previousSemester('2026S1').id).toBe('2025S2');
    expect(previousSemester('2026S2').id).toBe('2026S1');
    expect(nextSemester('2026S2').id).toBe('2027S1');
    expect(() => previousSemester('2019S1')).toThrow(/no semester before/);
  });

  it('orders semesters', () => {
    expect(compareSemesters('2025S2', '2026S1')).toBeLessThan(0);
    expect(compareSemesters('2026S2', '2026S1')).toBeGreaterThan(0);
    expect(compareSemesters('2026S1', '2026S1')).toBe(0);
  });

  it('has ended only after the last day is over in Rome', () => {
    expect(hasSemesterEnded('2026S1', new Date('2026-06-30T21:59:59Z'))).toBe(false);
    expect(hasSemesterEnded('2026S1', new Date('2026-06-30T22:00:00Z'))).toBe(true);
  });

  it('finds the semester of an instant in Rome time and of a calendar date', () => {
    expect(semesterOf(new Date('2026-06-30T22:30:00Z')).id).toBe('2026S2');
    expect(semesterOf(new Date('2026-06-30T21:30:00Z')).id).toBe('2026S1');
    expect(semesterOf('2026-12-31').id).toBe('2026S2');
    expect(semesterOf('2026-01-01').id).toBe('2026S1');
    expect(() => semesterOf('2026-02-30')).toThrow(/calendar date/);
  });
});

describe('return deadline', () => {
  it('is the last day plus the configured grace, the whole day counting', () => {
    const deadline = returnDeadline('2026S1', 30);
    expect(deadline.dueDate).toBe('2026-07-30');
    expect(deadline.lateFrom.toISOString()).toBe('2026-07-30T22:00:00.000Z');
    expect(isSubmittedOnTime('2026S1', new Date('2026-07-30T21:59:00Z'), 30)).toBe(true);
    expect(isSubmittedOnTime('2026S1', new Date('2026-07-30T22:00:00Z'), 30)).toBe(false);
    expect(returnDeadline('2026S2', 0).dueDate).toBe('2026-12-31');
    expect(returnDeadline('2026S2', 45).dueDate).toBe('2027-02-14');
  });

  it('refuses a negative or fractional grace', () => {
    expect(() => returnDeadline('2026S1', -1)).toThrow(RangeError);
    expect(() => returnDeadline('2026S1', 1.5)).toThrow(RangeError);
  });
});
