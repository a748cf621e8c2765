import { internal, type CompiledRuleSet, type CompiledRuleSetImpl, type CQuestion } from './compile';
import type { CFact } from './fact-table';
import type { FactValue, Facts } from './definition.types';
import type { FieldIssue } from './errors';
import { loadFacts } from './evaluate';
import { TRUE } from './runtime';

/**
 * Validation of facts from outside (API bodies, answers). Never throws: whatever the input, the
 * answer is a list of issues naming the fact. Besides types and ranges, it rejects facts that
 * contradict others under the rule set's own fact rules (more minors than members, an ISEE value
 * with `hasIsee: false`), since such input would make verdicts meaningless.
 */

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'a list' : typeof v;
}

function checkValue(f: CFact, v: unknown, min: number, max: number, options?: ReadonlySet<string>): string | undefined {
  switch (f.type) {
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `must be true or false, got ${describe(v)}`;
    case 'enum': {
      const allowed = options ?? new Set(f.enumLabels.keys());
      return typeof v === 'string' && allowed.has(v) ? undefined : `must be one of ${[...allowed].join(', ')}, got ${describe(v)}`;
    }
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a number, got ${describe(v)}`;
      if (f.type === 'integer' && !Number.isInteger(v)) return `must be a whole number, got ${v}`;
      if (v < min) return `must be at least ${min}, got ${v}`;
      if (v > max) return `must be at most ${max}, got ${v}`;
      return undefined;
    }
  }
}

/** Checks each known fact against the fact rules, given all the others (the fact itself unset meanwhile). */
function consistencyIssues(r: CompiledRuleSetImpl, facts: Record<string, FactValue | null>, only?: string): { fact: string; issue: string }[] {
  const table = r.table;
  const out: { fact: string; issue: string }[] = [];
  const c = loadFacts(r, facts);
  for (const name of Object.keys(facts)) {
    if (only !== undefined && name !== only) continue;
    const idx = table.index.get(name);
    if (idx === undefined) continue;
    const f = table.facts[idx];
    if (f.availFlag < 0 && f.implied.length === 0 && !f.boundMin && !f.boundMax) continue;
    const v = c.vals[idx];
    if (v === undefined) continue;
    c.vals[idx] = undefined;
    c.epoch += 1;
    let problem: string | undefined;
    if (f.availFlag >= 0 && c.vals[f.availFlag] === false) problem = `cannot be given when ${table.facts[f.availFlag].name} is false`;
    if (!problem) {
      const implied = f.implied.find((imp) => imp.when.ev(c) === TRUE);
      if (implied && implied.value !== v) problem = `must be ${String(implied.value)} given the other facts, got ${String(v)}`;
    }
    if (!problem && typeof v === 'number' && f.boundMax) {
      f.boundMax(c);
      if (v > c.hi) problem = `must be at most ${c.hi} given the other facts, got ${v}`;
    }
    if (!problem && typeof v === 'number' && f.boundMin) {
      f.boundMin(c);
      if (v < c.lo) problem = `must be at least ${c.lo} given the other facts, got ${v}`;
    }
    c.vals[idx] = v;
    c.epoch += 1;
    if (problem) out.push({ fact: name, issue: problem });
  }
  return out;
}

export function validateFacts(rs: CompiledRuleSet, input: unknown, fieldPrefix = 'facts'): { ok: true; facts: Facts } | { ok: false; issues: FieldIssue[] } {
  const r = internal(rs);
  const field = (name: string): string => (fieldPrefix ? `${fieldPrefix}.${name}` : name);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ field: fieldPrefix || 'facts', issue: 'must be an object mapping fact names to values' }] };
  }
  const issues: FieldIssue[] = [];
  const facts: Record<string, FactValue | null> = {};
  const rec = input as Record<string, unknown>;
  for (const name of Object.keys(rec)) {
    const v = rec[name];
    if (v === undefined) continue;
    const idx = r.table.index.get(name);
    // null means "don't know": unknown, as absence is, and kept so that the evaluation lists it (unknownFacts).
    if (v === null) {
      if (idx !== undefined) facts[name] = null;
      continue;
    }
    if (idx === undefined) {
      issues.push({ field: field(name), issue: 'unknown fact' });
      continue;
    }
    const f = r.table.facts[idx];
    const problem = checkValue(f, v, f.min, f.max);
    if (problem) issues.push({ field: field(name), issue: problem });
    else facts[name] = v as FactValue;
  }
  if (issues.length > 0) return { ok: false, issues };
  for (const p of consistencyIssues(r, facts)) issues.push({ field: field(p.fact), issue: p.issue });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, facts };
}

/** Checks an answer's value against its question; `null` ("don't know") fits every question. */
export function checkAnswer(r: CompiledRuleSetImpl, q: CQuestion, value: unknown): { ok: true; value: FactValue | null } | { ok: false; issue: string } {
  if (value === null) return { ok: true, value: null };
  const problem = checkValue(q.fact, value, q.min, q.max, q.options);
  return problem ? { ok: false, issue: problem } : { ok: true, value: value as FactValue };
}

/**
 * Validates one answer. With `context` (the facts known so far) it also rejects a value that
 * contradicts them, e.g. 3 minors in a household of 2. `null` ("don't know") is valid for every
 * question and contradicts nothing.
 */
export function validateAnswer(
  rs: CompiledRuleSet,
  questionId: string,
  value: unknown,
  context?: Facts,
): { ok: true; fact: string; value: FactValue | null } | { ok: false; issues: FieldIssue[] } {
  const r = internal(rs);
  const q = typeof questionId === 'string' ? r.questionIndex.get(questionId) : undefined;
  if (!q) return { ok: false, issues: [{ field: 'questionId', issue: `unknown question ${describe(questionId)}` }] };
  const checked = checkAnswer(r, q, value);
  if (!checked.ok) return { ok: false, issues: [{ field: 'value', issue: checked.issue }] };
  if (context && checked.value !== null) {
    const merged: Record<string, FactValue | null> = { ...context, [q.fact.name]: checked.value };
    const problems = consistencyIssues(r, merged, q.fact.name);
    if (problems.length > 0) return { ok: false, issues: problems.map((p) => ({ field: 'value', issue: p.issue })) };
  }
  return { ok: true, fact: q.fact.name, value: checked.value };
}

/**
 * The earlier facts that an answer refused by validateAnswer as contradictory conflicts with, for
 * the person to change one of them: among the known facts the answer's own fact rules read
 * (bounds, implied values, availability, transitively), those without which the answer would
 * stand. When no single one explains it, all of them. Empty when the answer contradicts nothing.
 */
export function contradictedFacts(rs: CompiledRuleSet, questionId: string, value: unknown, context: Facts): string[] {
  const r = internal(rs);
  const q = r.questionIndex.get(questionId);
  if (!q || value === null || !checkAnswer(r, q, value).ok) return [];
  const name = q.fact.name;
  const merged: Record<string, FactValue | null> = { ...context, [name]: value as FactValue };
  if (consistencyIssues(r, merged, name).length === 0) return [];
  const known = q.fact.deps.map((i) => r.table.facts[i].name).filter((n) => merged[n] !== undefined && merged[n] !== null);
  const alone = known.filter((n) => {
    const without = { ...merged };
    delete without[n];
    return consistencyIssues(r, without, name).length === 0;
  });
  return alone.length > 0 ? alone : known;
}
