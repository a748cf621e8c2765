import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldIssue } from './errors';
import RULESET_SCHEMA from './ruleset.schema.json';

/**
 * The shape of a rule set, checked before its meaning (compile.ts). The JSON Schema is the
 * reference for rule-set authors (their editors can validate the YAML files against it) and is
 * part of the build, so that checking a definition reads no file.
 */

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats(ajv);
    validator = ajv.compile(RULESET_SCHEMA);
  }
  return validator;
}

function toIssue(e: ErrorObject): FieldIssue {
  if (e.keyword === 'required') {
    // Name the missing property itself, not the object that lacks it.
    return { field: `${e.instancePath}/${String((e.params as { missingProperty?: string }).missingProperty)}`, issue: 'is required' };
  }
  const field = e.instancePath === '' ? '/' : e.instancePath;
  let issue = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') issue = `unknown property "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`;
  else if (e.keyword === 'enum') issue = `${issue}: ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`;
  else if (e.keyword === 'oneOf' && e.schemaPath.includes('condition'))
    issue = 'a condition needs exactly one operator (all, any, not, eq, ne, lt, le, gt, ge, in, isTrue, isFalse, ref)';
  return { field, issue };
}

/** Schema issues, most specific first; alternatives that failed (anyOf branches) are reported once per path. */
export function schemaIssues(doc: unknown): FieldIssue[] {
  const validate = getValidator();
  if (validate(doc)) return [];
  const errors = validate.errors ?? [];
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  const sorted = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const e of sorted) {
    if (e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const i = toIssue(e);
    const k = `${i.field}\u0000${i.issue}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
  }
  return out.length > 0 ? out : errors.map(toIssue);
}
