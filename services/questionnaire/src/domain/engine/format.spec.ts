import { languageInfo, LANGUAGES } from '@inps/kernel';
import * as fc from 'fast-check';
import '../../modules/rulesets/questionnaire-messages';
import { formatDate, formatNumber, formatRange, formatValue, intlFormatter } from './format';

/** What Intl writes, with a plain space for a no-break one around the euro and per cent signs (format.ts). */
function intlAffixes(text: string): string {
  return text.replace(/[\u00a0\u202f](?=[€%])|(?<=[€%])[\u00a0\u202f]/g, ' ');
}

describe('number formatting', () => {
  it('matches Intl.NumberFormat with grouping always on, in every language', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.constantFrom(...LANGUAGES), (cents, lang) => {
        const v = cents / 100;
        const digits = cents % 100 === 0 ? 0 : 2;
        expect(formatNumber(v, lang)).toBe(intlFormatter(lang, digits).format(v));
      }),
      { numRuns: 5000, seed: 42 },
    );
  });

  it('places the euro and per cent signs as Intl does for each language', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.constantFrom(...LANGUAGES), (cents, lang) => {
        const v = cents / 100;
        const digits = cents % 100 === 0 ? 0 : 2;
        const locale = languageInfo(lang).locale;
        const options = { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: 'always' } as const;
        const euro = new Intl.NumberFormat(locale, { ...options, style: 'currency', currency: 'EUR', currencyDisplay: 'narrowSymbol' });
        expect(formatValue(v, 'EUR', lang)).toBe(intlAffixes(euro.format(v)));
        const percent = new Intl.NumberFormat(locale, { ...options, style: 'percent' });
        expect(formatValue(v, 'percent', lang)).toBe(intlAffixes(percent.format(v / 100)));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('writes euro amounts as in the explanations', () => {
    expect(formatValue(8200, 'EUR', 'it')).toBe('8.200 €');
    expect(formatValue(10140, 'EUR', 'en')).toBe('€10,140');
    expect(formatValue(17468.51, 'EUR', 'it')).toBe('17.468,51 €');
    expect(formatValue(203.8, 'EUR', 'it')).toBe('203,80 €');
    expect(formatValue(1.55, 'ratio', 'it')).toBe('1,55');
    expect(formatValue(2026, 'year', 'it')).toBe('2026');
    expect(formatValue(1, 'years', 'it')).toBe('1 anno');
    expect(formatValue(68, 'days', 'en')).toBe('68 days');
    expect(formatValue(100, 'percent', 'it')).toBe('100%');
  });

  it('keeps Latin digits in Arabic and Bengali, and groups Bengali thousands as Intl does', () => {
    expect(formatNumber(1234567.5, 'ar')).toBe('1,234,567.50');
    expect(formatNumber(1234567, 'bn')).toBe('12,34,567');
    expect(formatValue(3, 'years', 'ro')).toBe('3 ani');
    expect(formatValue(8200, 'EUR', 'fr')).toBe('8\u202f200 €');
  });

  it('writes ranges of still possible values', () => {
    expect(formatRange(6500, 14950, 'EUR', 'it')).toBe('6.500–14.950 €');
    expect(formatRange(5, 5, 'EUR', 'en')).toBe('€5');
    expect(formatRange(Number.NEGATIVE_INFINITY, 3, 'EUR', 'en')).toBe('?');
  });

  it('writes months and days as each language does', () => {
    for (const lang of LANGUAGES) {
      const locale = languageInfo(lang).locale;
      expect(formatDate('2024-01', lang)).toBe(
        new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1)),
      );
      expect(formatDate('2024-03-15', lang)).toBe(
        new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2024, 2, 15)),
      );
    }
    expect(formatDate('2024-01', 'it')).toBe('gennaio 2024');
  });
});
