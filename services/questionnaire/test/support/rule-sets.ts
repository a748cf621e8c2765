import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  compileRuleSet,
  parseRuleSet,
  RuleSetValidationError,
  type CompiledRuleSet,
  type FactValue,
  type FieldIssue,
  type RuleSetDefinition,
} from '../../src/domain';
import { findRuleSetsDir, loadBuiltInRuleSets } from '../../src/modules/rulesets/rule-set-files';

/**
 * Test support for the engine's unit specs (src/domain/engine/*.spec.ts), kept out of src/domain
 * because it reads files: the built-in rule sets compiled once, copies to break, scenario files.
 */

let cache: { defs: RuleSetDefinition[]; compiled: Map<string, CompiledRuleSet> } | undefined;

export function builtIns(): { defs: RuleSetDefinition[]; compiled: Map<string, CompiledRuleSet> } {
  if (!cache) {
    const defs = loadBuiltInRuleSets();
    cache = { defs, compiled: new Map(defs.map((d) => [d.id, compileRuleSet(d)])) };
  }
  return cache;
}

export function ruleSet(id: string): CompiledRuleSet {
  const rs = builtIns().compiled.get(id);
  if (!rs) throw new Error(`no rule set ${id}`);
  return rs;
}

/** A deep copy of a built-in definition, to build broken variants in tests. */
export function definitionCopy(id: string): RuleSetDefinition {
  const def = builtIns().defs.find((d) => d.id === id);
  if (!def) throw new Error(`no rule set ${id}`);
  return structuredClone(def);
}

/** The issues a rule set is refused with; fails the test if it is accepted. */
export function issuesOf(source: string | object): FieldIssue[] {
  try {
    parseRuleSet(source);
  } catch (e) {
    if (e instanceof RuleSetValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a RuleSetValidationError');
}

export type FactMap = Record<string, FactValue | null>;

export interface ScenarioExpectation {
  status: 'LIKELY_ELIGIBLE' | 'NOT_ELIGIBLE' | 'UNDETERMINED';
  amount?: number | null;
  period?: 'once' | 'month' | 'year';
  missingFacts?: string[];
  missingIncludes?: string[];
  wouldQualifyIf?: boolean;
  explanationIncludes?: string[];
  notesInclude?: string[];
  successors?: string[];
  unconfirmedParameters?: string[];
}

export interface ScenarioCase {
  name: string;
  extends?: string;
  facts?: FactMap;
  unset?: string[];
  answers?: { questionId: string; value: FactValue | null }[];
  language?: 'it' | 'en';
  questions?: string[];
  /**
   * How the simulated screening answers a question whose fact the case does not give: `stop` (the
   * default: the `questions` check ends there) or `dontKnow` (answers null and goes on to the end;
   * the expectations are then checked on the screening's facts).
   */
  unanswered?: 'stop' | 'dontKnow';
  /** The evaluation's unknownFacts (don't-know facts that stay unknown), in any order. */
  unknownFacts?: string[];
  /** The facts of the evaluation's inferredFacts (don't-know facts the others settle), in any order. */
  inferredFacts?: string[];
  expect: Record<string, ScenarioExpectation>;
}

export interface ScenarioFile {
  file: string;
  ruleSet: string;
  profiles: Record<string, FactMap & { extends?: string }>;
  cases: ScenarioCase[];
}

const CASE_KEYS = new Set(['name', 'extends', 'facts', 'unset', 'answers', 'language', 'questions', 'unanswered', 'unknownFacts', 'inferredFacts', 'expect']);
const EXPECT_KEYS = new Set([
  'status',
  'amount',
  'period',
  'missingFacts',
  'missingIncludes',
  'wouldQualifyIf',
  'explanationIncludes',
  'notesInclude',
  'successors',
  'unconfirmedParameters',
]);
const STATUSES = new Set(['LIKELY_ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED']);

/** Reads every scenario file; a malformed file fails loudly rather than testing nothing. */
export function loadScenarioFiles(): ScenarioFile[] {
  const root = findRuleSetsDir();
  const out: ScenarioFile[] = [];
  for (const dir of fs.readdirSync(root).sort()) {
    const scenDir = path.join(root, dir, 'scenarios');
    if (!fs.existsSync(scenDir)) continue;
    for (const f of fs
      .readdirSync(scenDir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()) {
      const file = path.relative(root, path.join(scenDir, f));
      const doc = parse(fs.readFileSync(path.join(scenDir, f), 'utf8')) as Record<string, unknown>;
      if (typeof doc.ruleSet !== 'string') throw new Error(`${file}: ruleSet missing`);
      if (doc.ruleSet !== dir) throw new Error(`${file}: ruleSet ${doc.ruleSet} is not the folder's ${dir}`);
      const rawCases = doc.cases as unknown[];
      if (!Array.isArray(rawCases) || rawCases.length === 0) throw new Error(`${file}: no cases`);
      const names = new Set<string>();
      const cases = rawCases.map((raw, i) => {
        const c = raw as Record<string, unknown>;
        for (const k of Object.keys(c)) if (!CASE_KEYS.has(k)) throw new Error(`${file} case ${i}: unknown key ${k}`);
        if (typeof c.name !== 'string') throw new Error(`${file} case ${i}: name missing`);
        if (names.has(c.name)) throw new Error(`${file}: duplicate case ${c.name}`);
        if (c.unanswered !== undefined && c.unanswered !== 'stop' && c.unanswered !== 'dontKnow')
          throw new Error(`${file} ${c.name}: unanswered is stop or dontKnow`);
        names.add(c.name);
        const expect = c.expect as Record<string, unknown>;
        if (!expect || typeof expect !== 'object') throw new Error(`${file} ${c.name}: expect missing`);
        const normalised: Record<string, ScenarioExpectation> = {};
        for (const [benefit, e] of Object.entries(expect)) {
          const exp = (typeof e === 'string' ? { status: e } : e) as ScenarioExpectation;
          for (const k of Object.keys(exp)) if (!EXPECT_KEYS.has(k)) throw new Error(`${file} ${c.name}: unknown expectation key ${k}`);
          if (!STATUSES.has(exp.status)) throw new Error(`${file} ${c.name}: bad status for ${benefit}`);
          normalised[benefit] = exp;
        }
        return { ...(c as unknown as ScenarioCase), expect: normalised };
      });
      out.push({ file, ruleSet: doc.ruleSet, profiles: (doc.profiles ?? {}) as ScenarioFile['profiles'], cases });
    }
  }
  return out;
}

/** The facts of a case: its profile chain, then its own facts, minus `unset`. */
export function caseFacts(file: ScenarioFile, c: ScenarioCase): FactMap {
  const chain: FactMap[] = [];
  let name = c.extends;
  const seen = new Set<string>();
  while (name) {
    if (seen.has(name)) throw new Error(`${file.file}: profile cycle at ${name}`);
    seen.add(name);
    const p = file.profiles[name];
    if (!p) throw new Error(`${file.file}: unknown profile ${name}`);
    const { extends: parent, ...facts } = p;
    chain.unshift(facts as FactMap);
    name = parent;
  }
  const facts: FactMap = Object.assign({}, ...chain, c.facts ?? {});
  for (const u of c.unset ?? []) delete facts[u];
  return facts;
}

/** The facts a case answers "don't know": null in its facts or in its answers. */
export function dontKnowFactsOf(file: ScenarioFile, c: ScenarioCase, def: RuleSetDefinition): string[] {
  const out = new Set(
    Object.entries(caseFacts(file, c))
      .filter(([, v]) => v === null)
      .map(([k]) => k),
  );
  for (const a of c.answers ?? []) {
    const q = def.questions.find((x) => x.id === a.questionId);
    if (a.value === null && q) out.add(q.fact);
  }
  return [...out];
}
