import { addTerm } from './agreement-term';

describe('agreement terms', () => {
  it('adds terms the calendar way', () => {
    expect(addTerm('2024-03-14', { years: 3 })).toBe('2027-03-14');
    expect(addTerm('2024-02-29', { years: 1 })).toBe('2025-02-28');
    expect(addTerm('2026-08-31', { months: 6 })).toBe('2027-02-28');
    expect(addTerm('2026-01-01', { days: 90 })).toBe('2026-04-01');
    expect(() => addTerm('2026-02-30', { days: 1 })).toThrow(RangeError);
  });
});
