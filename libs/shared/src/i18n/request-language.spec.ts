import { ValidationFailedError } from '../errors/app-error';
import { chooseLanguage, errorLanguageOf, requestLanguage } from './request-language';

describe('requestLanguage', () => {
  it('takes an explicit language first, then Accept-Language, then Italian', () => {
    expect(requestLanguage({ headers: { 'accept-language': 'ro' }, query: { language: 'uk' } })).toBe('uk');
    expect(requestLanguage({ headers: { 'accept-language': 'ro' }, body: { language: 'bn' } })).toBe('bn');
    expect(requestLanguage({ headers: { 'accept-language': 'ro' }, body: { language: 'bn' } }, 'sq')).toBe('sq');
    expect(requestLanguage({ headers: { 'accept-language': 'fr-CA,fr;q=0.9' } })).toBe('fr');
    expect(requestLanguage({ headers: { 'accept-language': 'de' } })).toBe('it');
    expect(requestLanguage({ headers: {} })).toBe('it');
    expect(requestLanguage({ headers: {}, query: { language: '' } })).toBe('it');
  });

  it('refuses an unknown explicit language with a 400 naming the field and listing the codes', () => {
    let thrown: unknown;
    try {
      requestLanguage({ headers: { 'accept-language': 'ro' }, query: { language: 'de' } });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValidationFailedError);
    expect((thrown as ValidationFailedError).status).toBe(400);
    expect((thrown as ValidationFailedError).toBody().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid',
      details: [{ field: 'language', issue: 'must be one of: it, en, ro, sq, ar, uk, zh, bn, es, fr' }],
    });
    expect(() => chooseLanguage({ explicit: ['en', 'ro'], field: 'input.language' })).toThrow(ValidationFailedError);
    expect(() => chooseLanguage({ explicit: 'EN' })).toThrow(ValidationFailedError);
  });

  it('for errors never throws: an unknown explicit language is passed over for the header', () => {
    expect(errorLanguageOf({ headers: { 'accept-language': 'ar' }, query: { language: 'de' } })).toBe('ar');
    expect(errorLanguageOf({ headers: {}, body: Buffer.from('{"language":"en"}') })).toBe('it');
    expect(errorLanguageOf(undefined)).toBe('it');
  });
});
