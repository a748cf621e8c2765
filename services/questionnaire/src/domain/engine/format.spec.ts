import * as fc from 'fast-check';
import { formatNumber, formatRange, formatValue, intlFormatter } from './format';

describe('number formatting', () => {
  it('matches Intl.NumberFormat with grouping always on', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.constantFrom('it' as const, 'en' as const), (cents, lang) => {
        const v = cents / 100;
        const digits = cents % 100 === 0 ? 0 : 2;
        expect(formatNumber(v, lang)).toBe(intlFormatter(lang, digits).format(v));
      }),
      { numRuns: 2000, seed: 42 },
    );
  });
  it('writes euro amounts as in the explanations', () => {
    expect(formatValue(8200, 'EUR', 'it')).toBe('8.200 €');
    expect(formatValue(10140, 'EUR', 'en')).toBe('10,140 €');
    expect(formatValue(17468.51, 'EUR', 'it')).toBe('17.468,51 €');
    expect(formatValue(203.8, 'EUR', 'it')).toBe('203,80 €');
    expect(formatValue(1.55, 'ratio', 'it')).toBe('1,55');
    expect(formatValue(2026, 'year', 'it')).toBe('2026');
    expect(formatValue(1, 'years', 'it')).toBe('1 anno');
    expect(formatValue(68, 'days', 'en')).toBe('68 days');
    expect(formatValue(100, 'percent', 'it')).toBe('100%');
  });
  it('writes ranges of still possible values', () => {
    expect(formatRange(6500, 14950, 'EUR', 'it')).toBe('6.500–14.950 €');
    expect(formatRange(5, 5, 'EUR', 'en')).toBe('5 €');
    expect(formatRange(Number.NEGATIVE_INFINITY, 3, 'EUR', 'en')).toBe('?');
  });
});
