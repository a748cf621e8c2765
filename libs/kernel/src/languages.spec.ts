import { negotiateLanguage } from './languages';

describe('negotiateLanguage', () => {
  it('takes the supported language with the highest weight', () => {
    expect(negotiateLanguage('de-DE, ro;q=0.8, en;q=0.9')).toBe('en');
    expect(negotiateLanguage('ar-MA,ar;q=0.9,fr;q=0.8')).toBe('ar');
  });

  it('matches on the primary subtag', () => {
    expect(negotiateLanguage('zh-Hans-CN')).toBe('zh');
    expect(negotiateLanguage('UK-ua')).toBe('uk');
  });

  it('prefers the earlier of equal weights', () => {
    expect(negotiateLanguage('fr, es')).toBe('fr');
  });

  it('answers Italian for a missing header, unknown languages and q=0', () => {
    expect(negotiateLanguage(undefined)).toBe('it');
    expect(negotiateLanguage('de, ja;q=0.5')).toBe('it');
    expect(negotiateLanguage('ro;q=0, *;q=0.1')).toBe('it');
    expect(negotiateLanguage('ro;q=abc')).toBe('it');
  });
});
