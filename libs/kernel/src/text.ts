import { DEFAULT_LANGUAGE, type Language } from './languages';

/** A user-facing text: Italian always, any other language when translated. */
export type Text = { readonly it: string } & { readonly [L in Exclude<Language, 'it'>]?: string };

/** The text in `language`, or the Italian one when it has no translation. */
export function textIn(text: Text, language: Language): string {
  return text[language] ?? text.it;
}

/** Which language `textIn` answers in: `language`, or Italian as the fallback. */
export function textLanguage(text: Text, language: Language): Language {
  return text[language] === undefined ? DEFAULT_LANGUAGE : language;
}
