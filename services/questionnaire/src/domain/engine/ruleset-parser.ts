import { parse, YAMLParseError } from 'yaml';
import { compileRuleSet } from './compile';
import type { RuleSetDefinition } from './definition.types';
import { RuleSetValidationError, type FieldIssue } from './errors';
import { schemaIssues } from './ruleset-schema';

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
 * `ruleset.yaml` comes first, then the others by name, whatever order they are given in.
 */
export function mergeRuleSetFiles(files: readonly { readonly name: string; readonly text: string }[], ruleSetName: string): object {
  const ordered = [...files].sort((a, b) => (a.name.startsWith('ruleset.') ? -1 : b.name.startsWith('ruleset.') ? 1 : a.name.localeCompare(b.name)));
  const merged: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const file of ordered) {
    const doc = parseYaml(file.text, file.name);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      issues.push({ field: file.name, issue: 'must be a mapping' });
      continue;
    }
    for (const [k, v] of Object.entries(doc)) {
      if (k in merged) issues.push({ field: `${file.name}:/${k}`, issue: 'defined in more than one file' });
      merged[k] = v;
    }
  }
  if (issues.length > 0) throw new RuleSetValidationError(issues, ruleSetName);
  return merged;
}

/**
 * Checks rule sets together (ids unique, successors pointing at a benefit of some rule set: only
 * with all of them is that known) and orders them by effectiveFrom.
 */
export function checkRuleSetFamily(sets: readonly RuleSetDefinition[]): RuleSetDefinition[] {
  const issues: FieldIssue[] = [];
  const ids = new Set<string>();
  for (const rs of sets) {
    if (ids.has(rs.id)) issues.push({ field: rs.id, issue: 'duplicate rule set id' });
    ids.add(rs.id);
  }
  const benefitIds = new Set(sets.flatMap((rs) => rs.benefits.map((b) => b.id)));
  for (const rs of sets) {
    rs.benefits.forEach((b, i) =>
      (b.successors ?? []).forEach((s, j) => {
        if (!benefitIds.has(s.id)) issues.push({ field: `${rs.id}/benefits/${i}/successors/${j}`, issue: `no rule set has a benefit "${s.id}"` });
      }),
    );
  }
  if (issues.length > 0) throw new RuleSetValidationError(issues);
  return [...sets].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}
