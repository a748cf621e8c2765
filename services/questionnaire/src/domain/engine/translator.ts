import { DEFAULT_LANGUAGE, LANGUAGES, type Language, type Text } from '@inps/kernel';
import { statusOf, type TextStatus } from './text-status';

/**
 * A rule set's translations, kept beside its definition and never inside it (decision 0016): for
 * each language, the translation of each Italian text, and whether a native speaker reviewed them.
 * English is also written inline in the definitions (`en:`), which stays the English text unless
 * the English translation file gives another.
 */
export interface RuleSetTranslation {
  readonly reviewed: boolean;
  /** Italian text → its translation, `{slots}` kept. */
  readonly texts: ReadonlyMap<string, string>;
}

export type RuleSetTranslations = Partial<Readonly<Record<Language, RuleSetTranslation>>>;

/** Each `{it: ...}` text of a rule set in the language asked for, from the translations or inline, else Italian. */
export class Translator {
  private readonly statuses: TextStatus[];

  constructor(private readonly translations: RuleSetTranslations = {}) {
    this.statuses = LANGUAGES.map((l) => statusOf(l, translations[l]?.reviewed ?? false));
  }

  /** The language `text` is shown in when `language` is asked for. */
  languageOf(text: Text, language: Language): Language {
    if (language === DEFAULT_LANGUAGE) return language;
    if (this.translations[language]?.texts.has(text.it) || text[language] !== undefined) return language;
    return DEFAULT_LANGUAGE;
  }

  /** The language a sentence made of `texts` is written in: `language` if every one has it, else Italian. */
  languageOfAll(texts: readonly Text[], language: Language): Language {
    return texts.every((t) => this.languageOf(t, language) === language) ? language : DEFAULT_LANGUAGE;
  }

  in(text: Text, language: Language): string {
    if (language === DEFAULT_LANGUAGE) return text.it;
    return this.translations[language]?.texts.get(text.it) ?? text[language] ?? text.it;
  }

  status(text: Text, language: Language): TextStatus {
    return this.statusIn(this.languageOf(text, language));
  }

  /** The status of a rule-set text that is in `language`. */
  statusIn(language: Language): TextStatus {
    return this.statuses[LANGUAGES.indexOf(language)];
  }
}
