import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkRuleSetFamily, mergeRuleSetFiles, parseRuleSet, type RuleSetDefinition, type RuleSetTranslations } from '../../domain';
// The engine's words: every caller of the loader below compiles rule sets next.
import './questionnaire-messages';
import { readRuleSetTranslations } from './rule-set-translations';
import { findServiceFolder } from './service-folders';

/**
 * The built-in rule sets as shipped: one folder per rule set under the service's `rulesets/`, each
 * of several YAML files. Only the reading is here; parsing and checking are the engine's.
 */

/** The service's `rulesets/` folder. */
export function findRuleSetsDir(start: string = __dirname): string {
  return findServiceFolder('rulesets', start);
}

/** The YAML files of one rule set's folder, merged into one definition (not yet checked). */
function readRuleSetDir(dir: string): object {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
  return mergeRuleSetFiles(files, path.basename(dir));
}

/** A built-in rule set: its definition, its translations (translations/), and its folder. */
export interface BuiltInRuleSet {
  readonly definition: RuleSetDefinition;
  readonly translations: RuleSetTranslations;
  readonly dir: string;
}

/** Reads every rule set folder under `dir` (default: the service's rulesets/) with its translations, checked and sorted by effectiveFrom. */
export function loadBuiltIns(dir?: string): BuiltInRuleSet[] {
  const root = dir ?? findRuleSetsDir();
  const folders = fs
    .readdirSync(root)
    .sort()
    .map((name) => path.join(root, name))
    .filter((d) => fs.statSync(d).isDirectory())
    .filter((d) => fs.readdirSync(d).some((f) => /\.ya?ml$/.test(f)));
  const byId = new Map(folders.map((d) => [path.basename(d), d]));
  const sets = checkRuleSetFamily(folders.map((d) => parseRuleSet(readRuleSetDir(d))));
  return sets.map((definition) => {
    const folder = byId.get(definition.id) ?? path.join(root, definition.id);
    return { definition, translations: readRuleSetTranslations(folder, definition), dir: folder };
  });
}

/** The definitions only, checked and sorted by effectiveFrom. */
export function loadBuiltInRuleSets(dir?: string): RuleSetDefinition[] {
  return loadBuiltIns(dir).map((b) => b.definition);
}
