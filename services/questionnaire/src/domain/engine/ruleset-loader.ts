import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { compileRuleSet } from './compile';
import type { RuleSetDefinition } from './definition.types';
import { RuleSetValidationError, type FieldIssue } from './errors';
import { findRuleSetsDir, schemaIssues } from './ruleset-schema';

function parseYaml(text: string, file?: string): unknown {
  try {
    return parse(text, { uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}` : '/';
    throw new RuleSetValidationError([{ field: file ? `${file}:${where}` : where, issue: e instanceof Error ? e.message.split('\n')[0] : String(e) }]);
  }
}

/**
 * Parses and validates a rule set: YAML text or an already parsed object. JSON-Schema first (shape),
 * then semantic checks by compiling it (references, types, a question for every fact the rules read).
 */
export function parseRuleSet(source: string | object): RuleSetDefinition {
  const doc: unknown = typeof source === 'string' ? parseYaml(source) : source;
  const issues = schemaIssues(doc);
  const id = typeof doc === 'object' && doc !== null ? (doc as { id?: unknown }).id : undefined;
  if (issues.length > 0) throw new RuleSetValidationError(issues, typeof id === 'string' ? id : undefined);
  const def = doc as RuleSetDefinition;
  compileRuleSet(def);
  return def;
}

/**
 * A rule set may be split into several YAML files in its folder (ruleset.yaml, facts.yaml,
 * benefits.yaml, questions.yaml, ...); their top-level keys are merged and must not repeat.
 */
function readRuleSetDir(dir: string): object {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort((a, b) => (a.startsWith('ruleset.') ? -1 : b.startsWith('ruleset.') ? 1 : a.localeCompare(b)));
  const merged: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const file of files) {
    const doc = parseYaml(fs.readFileSync(path.join(dir, file), 'utf8'), file);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      issues.push({ field: file, issue: 'must be a mapping' });
      continue;
    }
    for (const [k, v] of Object.entries(doc)) {
      if (k in merged) issues.push({ field: `${file}:/${k}`, issue: 'defined in more than one file' });
      merged[k] = v;
    }
  }
  if (issues.length > 0) throw new RuleSetValidationError(issues, path.basename(dir));
  return merged;
}

/** Reads every rule set folder under `dir` (default: the service's rulesets/), sorted by effectiveFrom. */
export function loadBuiltInRuleSets(dir?: string): RuleSetDefinition[] {
  const root = dir ?? findRuleSetsDir();
  const sets = fs
    .readdirSync(root)
    .sort()
    .map((name) => path.join(root, name))
    .filter((d) => fs.statSync(d).isDirectory())
    .filter((d) => fs.readdirSync(d).some((f) => /\.ya?ml$/.test(f)))
    .map((d) => parseRuleSet(readRuleSetDir(d)));
  const issues: FieldIssue[] = [];
  const ids = new Set<string>();
  for (const rs of sets) {
    if (ids.has(rs.id)) issues.push({ field: rs.id, issue: 'duplicate rule set id' });
    ids.add(rs.id);
  }
  // Successors point into other rule sets; only here are all of them known.
  const benefitIds = new Set(sets.flatMap((rs) => rs.benefits.map((b) => b.id)));
  for (const rs of sets) {
    rs.benefits.forEach((b, i) =>
      (b.successors ?? []).forEach((s, j) => {
        if (!benefitIds.has(s.id)) issues.push({ field: `${rs.id}/benefits/${i}/successors/${j}`, issue: `no rule set has a benefit "${s.id}"` });
      }),
    );
  }
  if (issues.length > 0) throw new RuleSetValidationError(issues);
  return sets.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}
