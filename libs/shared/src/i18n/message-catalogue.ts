import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '@inps/kernel';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Message catalogues: the words of an API or a document, one YAML file per language in a folder
 * (`<dir>/<language>.yaml`):
 *
 *     language: ro
 *     reviewed: false          # true only once a native speaker has reviewed the whole file
 *     messages:
 *       sheet.title: "Ce vă poate reveni"
 *       error.notFound: "{resource} nu a fost găsit"
 *
 * Italian is the catalogue of record: every key exists there, and a key missing in another language
 * falls back to the Italian text, saying so (`language: 'it'`), so a gap is visible and never silent.
 * `{name}` slots are filled by `text(key, lang, params)`; a translation must keep the same slots.
 */

/** A text as handed out: the words, the language they are really in, and whether a native speaker reviewed them. */
export interface LocalizedText {
  readonly text: string;
  readonly language: Language;
  readonly reviewed: boolean;
}

export interface CatalogueProblem {
  readonly language: Language;
  readonly key?: string;
  readonly issue: string;
}

interface CatalogueFile {
  readonly reviewed: boolean;
  readonly messages: ReadonlyMap<string, string>;
}

const SLOT = /\{([A-Za-z][A-Za-z0-9_.-]*)\}/g;

export function slotsOf(text: string): string[] {
  return [...text.matchAll(SLOT)].map((m) => m[1]).sort();
}

export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
}

export class MessageCatalogue {
  private constructor(
    readonly name: string,
    private readonly files: ReadonlyMap<Language, CatalogueFile>,
    private readonly languages: readonly Language[],
  ) {}

  /**
   * Reads `<dir>/<language>.yaml` for each of `languages` (all of the kernel's by default). The Italian
   * file must exist; a missing other file is a gap reported by `problems()`, not a start-up failure.
   */
  static load(dir: string, languages: readonly Language[] = LANGUAGES): MessageCatalogue {
    const files = new Map<Language, CatalogueFile>();
    for (const language of languages) {
      const file = path.join(dir, `${language}.yaml`);
      if (!existsSync(file)) {
        if (language === DEFAULT_LANGUAGE) throw new CatalogueError(`${file}: the Italian catalogue is required`);
        continue;
      }
      files.set(language, readCatalogueFile(file, language));
    }
    return new MessageCatalogue(path.basename(dir), files, languages);
  }

  /** Builds one from memory, for tests and for catalogues made by code. */
  static of(name: string, files: Partial<Record<Language, { reviewed: boolean; messages: Record<string, string> }>>): MessageCatalogue {
    const map = new Map<Language, CatalogueFile>();
    for (const [language, file] of Object.entries(files)) {
      if (!file || !isLanguage(language)) continue;
      map.set(language, { reviewed: language === DEFAULT_LANGUAGE || file.reviewed, messages: new Map(Object.entries(file.messages)) });
    }
    if (!map.has(DEFAULT_LANGUAGE)) throw new CatalogueError(`${name}: the Italian catalogue is required`);
    return new MessageCatalogue(name, map, [...map.keys()]);
  }

  has(key: string): boolean {
    return this.italian().messages.has(key);
  }

  keys(): string[] {
    return [...this.italian().messages.keys()];
  }

  /** The text of `key` in `language`, or in Italian when that language lacks it. An unknown key is a bug: it throws. */
  text(key: string, language: Language, params?: Readonly<Record<string, string | number>>): LocalizedText {
    const own = this.files.get(language);
    const translated = own?.messages.get(key);
    if (translated !== undefined && own) return { text: fill(translated, params), language, reviewed: own.reviewed };
    const italian = this.italian().messages.get(key);
    if (italian === undefined) throw new CatalogueError(`${this.name}: no message "${key}"`);
    return { text: fill(italian, params), language: DEFAULT_LANGUAGE, reviewed: true };
  }

  /** Just the words, for places (a PDF line, a log-free label) where the status travels separately. */
  words(key: string, language: Language, params?: Readonly<Record<string, string | number>>): string {
    return this.text(key, language, params).text;
  }

  /** Each language the catalogue was asked for, whether its file exists, is complete, and is reviewed. */
  status(): { language: Language; present: boolean; complete: boolean; reviewed: boolean }[] {
    const problems = this.problems();
    return this.languages.map((language) => ({
      language,
      present: this.files.has(language),
      complete: this.files.has(language) && !problems.some((p) => p.language === language),
      reviewed: this.files.get(language)?.reviewed ?? false,
    }));
  }

  /** What a completeness test fails on: missing files, missing or unknown keys, and changed slots. */
  problems(): CatalogueProblem[] {
    const out: CatalogueProblem[] = [];
    const italian = this.italian().messages;
    for (const language of this.languages) {
      if (language === DEFAULT_LANGUAGE) continue;
      const file = this.files.get(language);
      if (!file) {
        out.push({ language, issue: 'no catalogue file' });
        continue;
      }
      for (const [key, source] of italian) {
        const text = file.messages.get(key);
        if (text === undefined) out.push({ language, key, issue: 'missing' });
        else if (slotsOf(text).join() !== slotsOf(source).join()) out.push({ language, key, issue: `slots differ: {${slotsOf(source).join('}, {')}}` });
      }
      for (const key of file.messages.keys()) if (!italian.has(key)) out.push({ language, key, issue: 'not in the Italian catalogue' });
    }
    return out;
  }

  private italian(): CatalogueFile {
    return this.files.get(DEFAULT_LANGUAGE) as CatalogueFile;
  }
}

function fill(template: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return template;
  return template.replace(SLOT, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

function readCatalogueFile(file: string, expected: Language): CatalogueFile {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CatalogueError(`${file}: not valid YAML (${(e as Error).message})`);
  }
  const doc = raw as { language?: unknown; reviewed?: unknown; messages?: unknown } | null;
  if (!doc || typeof doc !== 'object') throw new CatalogueError(`${file}: expected a mapping`);
  if (doc.language !== expected) throw new CatalogueError(`${file}: language must be "${expected}"`);
  if (typeof doc.reviewed !== 'boolean') throw new CatalogueError(`${file}: reviewed must be true or false`);
  if (!doc.messages || typeof doc.messages !== 'object' || Array.isArray(doc.messages)) throw new CatalogueError(`${file}: messages must be a mapping`);
  const messages = new Map<string, string>();
  for (const [key, value] of Object.entries(doc.messages as Record<string, unknown>)) {
    if (typeof value !== 'string' || value.trim() === '') throw new CatalogueError(`${file}: message "${key}" must be a non-empty string`);
    messages.set(key, value);
  }
  // The Italian catalogue is the original, not a translation: there is nothing to review it against.
  return { reviewed: expected === DEFAULT_LANGUAGE || doc.reviewed, messages };
}
