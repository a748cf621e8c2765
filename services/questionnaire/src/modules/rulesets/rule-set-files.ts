import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkRuleSetFamily, mergeRuleSetFiles, parseRuleSet, type RuleSetDefinition } from '../../domain';

/**
 * The built-in rule sets as shipped: one folder per rule set under the service's `rulesets/`, each
 * of several YAML files. Only the reading is here; parsing and checking are the engine's.
 */

/**
 * The service's `rulesets/` folder, found by walking up from this module to the service's root
 * (where package.json is): from src/ under ts-node and Jest, from dist/ after a build, and in the
 * image, which ships the folder beside dist/.
 */
export function findRuleSetsDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'rulesets');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no rulesets/ folder beside a package.json above ${start}`);
    dir = parent;
  }
}

/** The YAML files of one rule set's folder, merged into one definition (not yet checked). */
function readRuleSetDir(dir: string): object {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
  return mergeRuleSetFiles(files, path.basename(dir));
}

/** Reads every rule set folder under `dir` (default: the service's rulesets/), checked and sorted by effectiveFrom. */
export function loadBuiltInRuleSets(dir?: string): RuleSetDefinition[] {
  const root = dir ?? findRuleSetsDir();
  const sets = fs
    .readdirSync(root)
    .sort()
    .map((name) => path.join(root, name))
    .filter((d) => fs.statSync(d).isDirectory())
    .filter((d) => fs.readdirSync(d).some((f) => /\.ya?ml$/.test(f)))
    .map((d) => parseRuleSet(readRuleSetDir(d)));
  return checkRuleSetFamily(sets);
}
