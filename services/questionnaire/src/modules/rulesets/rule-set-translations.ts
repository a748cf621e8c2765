import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '@inps/kernel';
import { slotsOf } from '@inps/shared';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { RuleSetDefinition, RuleSetTranslation, RuleSetTranslations } from '../../domain';

/**
 * The translations of a built-in rule set, beside its definition (decision 0016):
 *
 *     rulesets/<id>/translations/<language>.yaml
 *       language: ro
 *       reviewed: false        # true once a native speaker has reviewed the whole file
 *       texts:
 *         "Quanti anni ha?": "Câți ani aveți?"
 *
 * Each key is the exact Italian text of one of the definition's texts (`{it: ...}`), `{slots}`
 * kept. The files change what the API shows, never the published definition or its checksum.
 * English is written inline in the definitions: `en.yaml` says whether that English was reviewed,
 * and its `texts` are empty (`{}`), or correct an inline English text without touching the definition.
 * A file that does not fit its definition stops the start, naming the file and the key.
 */

class TranslationFileError extends Error {
  override readonly name = 'TranslationFileError';
}

/** A gap or a mistake, as the completeness test and the rule-set API report them. */
export interface TranslationProblem {
  readonly language: Language;
  readonly file: string;
  readonly key?: string;
  readonly issue: string;
}

/** Every Italian text of a definition: each `{it: ...}` object, wherever it is. */
export function italianTexts(def: RuleSetDefinition): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const x of node) walk(x);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const rec = node as Record<string, unknown>;
    if (typeof rec.it === 'string' && Object.keys(rec).every(isLanguage)) {
      out.add(rec.it);
      return;
    }
    for (const v of Object.values(rec)) walk(v);
  };
  walk(def);
  return out;
}

/** The English written inline for each Italian text (the definitions give both). */
function inlineEnglish(def: RuleSetDefinition): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const rec = node as Record<string, unknown>;
    if (typeof rec.it === 'string' && Object.keys(rec).every(isLanguage)) {
      if (typeof rec.en === 'string') out.set(rec.it, rec.en);
      return;
    }
    Object.values(rec).forEach(walk);
  };
  walk(def);
  return out;
}

const FILE_KEYS = new Set(['language', 'reviewed', 'texts']);

/** Reads and checks one translation file against its definition's Italian texts. */
function readTranslationFile(file: string, italian: ReadonlySet<string>): { language: Language; translation: RuleSetTranslation } {
  const language = path.basename(file).replace(/\.ya?ml$/, '');
  if (!isLanguage(language) || language === DEFAULT_LANGUAGE) {
    throw new TranslationFileError(
      `${file}: the file name must be a language other than Italian (${LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE).join(', ')})`,
    );
  }
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TranslationFileError(`${file}: not valid YAML (${(e as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new TranslationFileError(`${file}: expected a mapping with language, reviewed and texts`);
  const rec = doc as Record<string, unknown>;
  for (const key of Object.keys(rec))
    if (!FILE_KEYS.has(key)) throw new TranslationFileError(`${file}: unknown field "${key}" (expected language, reviewed, texts)`);
  if (rec.language !== language) throw new TranslationFileError(`${file}: language must be "${language}", as the file name says`);
  if (typeof rec.reviewed !== 'boolean') throw new TranslationFileError(`${file}: reviewed must be true or false`);
  const texts = rec.texts ?? {};
  if (typeof texts !== 'object' || Array.isArray(texts)) throw new TranslationFileError(`${file}: texts must be a mapping from Italian text to translation`);
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(texts as Record<string, unknown>)) {
    if (!italian.has(key)) throw new TranslationFileError(`${file}: "${key}" is not an Italian text of the rule set`);
    if (typeof value !== 'string' || value.trim() === '') throw new TranslationFileError(`${file}: the translation of "${key}" must be a non-empty string`);
    if (slotsOf(value).join() !== slotsOf(key).join()) {
      throw new TranslationFileError(
        `${file}: the translation of "${key}" must keep the slots {${slotsOf(key).join('}, {')}}, not {${slotsOf(value).join('}, {')}}`,
      );
    }
    map.set(key, value);
  }
  return { language, translation: { reviewed: rec.reviewed, texts: map } };
}

/** The translations of the rule set whose folder is `dir`, checked against its definition. */
export function readRuleSetTranslations(dir: string, def: RuleSetDefinition): RuleSetTranslations {
  const folder = path.join(dir, 'translations');
  if (!fs.existsSync(folder)) return {};
  const italian = italianTexts(def);
  const out: Partial<Record<Language, RuleSetTranslation>> = {};
  for (const name of fs.readdirSync(folder).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const { language, translation } = readTranslationFile(path.join(folder, name), italian);
    if (out[language]) throw new TranslationFileError(`${path.join(folder, name)}: a second file for "${language}"`);
    out[language] = translation;
  }
  return out;
}

/** One language of a rule set as the API lists it. */
export interface RuleSetLanguageStatus {
  language: Language;
  reviewed: boolean;
  complete: boolean;
}

/**
 * The languages a rule set can be shown in: Italian, English (inline), and each translation file;
 * `complete` when every Italian text has a translation, `reviewed` as its file says.
 */
export function languagesOf(def: RuleSetDefinition, translations: RuleSetTranslations): RuleSetLanguageStatus[] {
  const italian = italianTexts(def);
  const english = inlineEnglish(def);
  const out: RuleSetLanguageStatus[] = [];
  for (const language of LANGUAGES) {
    if (language === DEFAULT_LANGUAGE) {
      out.push({ language, reviewed: true, complete: true });
      continue;
    }
    const t = translations[language];
    const has = (it: string): boolean => t?.texts.has(it) === true || (language === 'en' && english.has(it));
    if (!t && !(language === 'en' && english.size > 0)) continue;
    out.push({ language, reviewed: t?.reviewed ?? false, complete: [...italian].every(has) });
  }
  return out;
}

/**
 * What the completeness test fails on, for the rule set in `dir`: for each language asked for, a
 * missing file, a missing or unknown key, changed slots, or a file that does not load.
 */
export function translationProblems(dir: string, def: RuleSetDefinition, languages: readonly Language[]): TranslationProblem[] {
  const out: TranslationProblem[] = [];
  const italian = italianTexts(def);
  const english = inlineEnglish(def);
  for (const language of languages) {
    if (language === DEFAULT_LANGUAGE) continue;
    const file = path.join(dir, 'translations', `${language}.yaml`);
    if (!fs.existsSync(file)) {
      out.push({ language, file, issue: 'no translation file' });
      continue;
    }
    let texts: ReadonlyMap<string, string>;
    try {
      texts = readTranslationFile(file, italian).translation.texts;
    } catch (e) {
      out.push({ language, file, issue: (e as Error).message });
      continue;
    }
    for (const key of italian) {
      if (!texts.has(key) && !(language === 'en' && english.has(key))) out.push({ language, file, key, issue: 'not translated' });
    }
  }
  return out;
}
