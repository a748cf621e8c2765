import { isLanguage, languageInfo, LANGUAGES } from './languages';
import { textIn, textLanguage, type Text } from './text';

describe('languages and texts', () => {
  it('lists Italian first, and knows each language by its code only', () => {
    expect(LANGUAGES[0]).toBe('it');
    expect(LANGUAGES.every(isLanguage)).toBe(true);
    expect(['IT', 'it-IT', 'xx', '', null].some(isLanguage)).toBe(false);
    expect(languageInfo('it')).toMatchObject({ name: 'Italiano', direction: 'ltr' });
  });

  it('falls back to Italian when a text lacks the language asked for', () => {
    const translated: Text = { it: 'Assegno di inclusione', en: 'Inclusion allowance' };
    const italianOnly: Text = { it: 'Carta dedicata a te' };
    expect(textIn(translated, 'en')).toBe('Inclusion allowance');
    expect(textLanguage(translated, 'en')).toBe('en');
    expect(textIn(italianOnly, 'en')).toBe('Carta dedicata a te');
    expect(textLanguage(italianOnly, 'en')).toBe('it');
  });
});
