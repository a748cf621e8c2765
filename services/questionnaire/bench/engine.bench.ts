/**
 * Engine benchmark: every benefit of it-2026, with explanations, over random valid fact sets.
 *
 *   npx ts-node --transpile-only services/questionnaire/bench/engine.bench.ts [--sets 100000] [--language it]
 *
 * Each evaluation is timed on its own with process.hrtime.bigint(), after a warm-up, so the figures
 * are latencies (median, p99), not a throughput average. Beside it, in the same run and the same way:
 *  - timer: two consecutive hrtime reads, the floor every figure below includes;
 *  - JSON.stringify of the facts: the least any request handler does with them (parse/serialise);
 *  - a hand-written three-valued ADI condition: what one benefit costs written directly in
 *    TypeScript, without explanations, to show the price of rules-as-data (14 benefits, texts).
 */
import { isLanguage, type Language } from '@inps/kernel';
import { compileRuleSet, evaluate, nextQuestion, validateFacts, type CompiledRuleSet, type FactValue, type Facts, type RuleSetDefinition } from '../src/domain';
import { loadBuiltIns } from '../src/modules/rulesets/rule-set-files';

export interface EngineBenchOptions {
  /** Number of random fact sets (default 100,000). */
  sets?: number;
  /** Evaluations before timing starts (default 20,000). */
  warmup?: number;
  language?: Language;
  seed?: number;
  /** nextQuestion is slower and not the hot path: timed over this many of the sets (default 10,000). */
  nextQuestionSets?: number;
  /** Fact sets per benefit for the per-benefit breakdown (default 20,000; 0 leaves it out). */
  perBenefitSets?: number;
}

interface LatencyStats {
  name: string;
  runs: number;
  medianUs: number;
  p99Us: number;
  meanUs: number;
}

export interface EngineBenchResult {
  ruleSet: string;
  benefits: number;
  sets: number;
  meanFactsPerSet: number;
  node: string;
  results: LatencyStats[];
  /**
   * Where the time goes: each benefit evaluated alone (the rule set compiled with that benefit only),
   * which includes the part every evaluation pays once (loading the facts, the common notes, the
   * don't-know facts, the translation summary).
   */
  perBenefit: LatencyStats[];
}

/** mulberry32: a small seeded generator, so that two runs time the same fact sets. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random facts: most facts present, numbers spread over their range and around the rule set's thresholds. */
function generateFactSets(rs: CompiledRuleSet, def: RuleSetDefinition, n: number, seed: number): Facts[] {
  const rand = rng(seed);
  const thresholds = Object.values(def.parameters).map((p) => p.value);
  const names = Object.keys(def.facts);
  const out: Facts[] = [];
  while (out.length < n) {
    const facts: Record<string, FactValue> = {};
    for (const name of names) {
      if (rand() < 0.3) continue;
      const f = def.facts[name];
      if (f.type === 'boolean') facts[name] = rand() < 0.5;
      else if (f.type === 'enum') {
        const values = f.values ?? [];
        facts[name] = values[Math.floor(rand() * values.length)].value;
      } else {
        const min = f.min ?? 0;
        const max = f.max ?? 0;
        const span = Math.min(max - min, name === 'householdSize' ? 6 : f.unit === 'count' ? 4 : max - min);
        let v =
          rand() < 0.5
            ? thresholds[Math.floor(rand() * thresholds.length)] * (0.8 + rand() * 0.4)
            : min + rand() * (f.unit === 'EUR' ? Math.min(span, 60000) : span);
        v = Math.max(min, Math.min(max, v));
        facts[name] = f.type === 'integer' ? Math.round(v) : Math.round(v * 100) / 100;
      }
    }
    if (facts.hasIsee === false) delete facts.isee;
    // Keep only consistent sets: drop what validation rejects (e.g. more minors than members).
    for (let i = 0; i < 10; i++) {
      const r = validateFacts(rs, facts);
      if (r.ok) {
        out.push(r.facts);
        break;
      }
      for (const issue of r.issues) delete facts[issue.field.slice('facts.'.length)];
    }
  }
  return out;
}

const ADI_CITIZENSHIP = new Set(['IT', 'EU', 'NON_EU_LONG_TERM', 'NON_EU_PROTECTION']);

/** Hand-written baseline: the ADI condition only, three-valued, with a simplified scale (no explanations). */
function adiByHand(f: Facts): boolean | null {
  let unknown = false;
  const check = (v: boolean | null): boolean => {
    if (v === false) return false;
    if (v === null) unknown = true;
    return true;
  };
  const num = (k: string): number | undefined => {
    const v = f[k];
    return typeof v === 'number' ? v : undefined;
  };
  const bool = (k: string): boolean | undefined => {
    const v = f[k];
    return typeof v === 'boolean' ? v : undefined;
  };
  const minors = num('minorsInHousehold');
  const household = [minors, num('disabledMembers'), num('membersAged60Plus'), num('membersInCareProgramme')];
  const age = num('age');
  const anyTrue = household.some((x) => x !== undefined && x >= 1) || (age !== undefined && age >= 60);
  const allKnown = household.every((x) => x !== undefined) && age !== undefined;
  if (!check(anyTrue ? true : allKnown ? false : null)) return false;
  const cit = f.citizenship;
  if (!check(typeof cit === 'string' ? ADI_CITIZENSHIP.has(cit) : null)) return false;
  const years = num('yearsOfResidenceInItaly');
  if (!check(years === undefined ? null : years >= 5)) return false;
  const cont = bool('lastTwoYearsContinuous');
  if (!check(cont === undefined ? null : cont)) return false;
  const isee = num('isee');
  if (!check(f.hasIsee === false || isee === undefined ? null : isee <= 10140)) return false;
  const size = num('householdSize');
  const scale = minors === undefined || size === undefined ? undefined : Math.min(2.2, 1 + 0.15 * Math.min(minors, 2) + 0.1 * Math.max(0, minors - 2));
  const income = num('householdIncome');
  const base = f.rentsHome === true ? 10140 : f.allMembersAged67Plus === true ? 8190 : 6500;
  if (!check(income === undefined || scale === undefined ? null : income < base * scale)) return false;
  const re = num('realEstateExcludingHome');
  if (!check(re === undefined ? null : re <= 30000)) return false;
  const assets = num('financialAssets');
  const limit = size === undefined ? undefined : Math.min(10000, 6000 + 2000 * (size - 1));
  if (!check(assets === undefined || limit === undefined ? null : assets <= limit)) return false;
  const car = bool('recentLargeVehicle');
  if (!check(car === undefined ? null : !car)) return false;
  const quit = bool('voluntaryResignationLast12Months');
  if (!check(quit === undefined ? null : !quit)) return false;
  return unknown ? null : true;
}

function stats(name: string, samples: Float64Array): LatencyStats {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  let sum = 0;
  for (const s of sorted) sum += s;
  const us = (ns: number): number => Math.round(ns / 10) / 100;
  return { name, runs: sorted.length, medianUs: us(at(0.5)), p99Us: us(at(0.99)), meanUs: us(sum / sorted.length) };
}

function time(name: string, inputs: readonly Facts[], warmup: number, fn: (f: Facts) => unknown): LatencyStats {
  let sink = 0;
  for (let i = 0; i < warmup; i++) if (fn(inputs[i % inputs.length]) !== undefined) sink++;
  const samples = new Float64Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const t0 = process.hrtime.bigint();
    const r = fn(inputs[i]);
    const t1 = process.hrtime.bigint();
    samples[i] = Number(t1 - t0);
    if (r !== undefined) sink++;
  }
  if (sink < 0) throw new Error('unreachable');
  return stats(name, samples);
}

export function runEngineBench(opts: EngineBenchOptions = {}): EngineBenchResult {
  const sets = opts.sets ?? 100_000;
  const warmup = opts.warmup ?? 20_000;
  const language = opts.language ?? 'it';
  const builtIn = loadBuiltIns().find((b) => b.definition.id === 'it-2026');
  if (!builtIn) throw new Error('rule set it-2026 not found');
  const def = builtIn.definition;
  // With its translations, as the service compiles it: every language's texts are made at compile time.
  const rs = compileRuleSet(def, builtIn.translations);
  const inputs = generateFactSets(rs, def, sets, opts.seed ?? 2026);
  const meanFacts = inputs.reduce((s, f) => s + Object.keys(f).length, 0) / inputs.length;
  const results = [
    time('timer only (two hrtime reads)', inputs, warmup, () => 0),
    time('baseline: JSON.stringify(facts)', inputs, warmup, (f) => JSON.stringify(f).length),
    time('baseline: hand-written ADI condition (1 benefit, no texts)', inputs, warmup, adiByHand),
    time(`engine: evaluate, ${def.benefits.length} benefits with explanations`, inputs, warmup, (f) => evaluate(rs, f, language)),
  ];
  const nq = inputs.slice(0, opts.nextQuestionSets ?? 10_000);
  results.push(time('engine: nextQuestion', nq, Math.min(warmup, 2000), (f) => nextQuestion(rs, f, language)));
  const perBenefit: LatencyStats[] = [];
  const few = inputs.slice(0, opts.perBenefitSets ?? 20_000);
  if (few.length > 0)
    for (const benefit of def.benefits) {
      const alone = compileRuleSet({ ...def, benefits: [benefit] }, builtIn.translations);
      perBenefit.push(time(benefit.id, few, Math.min(warmup, 5000), (f) => evaluate(alone, f, language)));
    }
  return { ruleSet: def.id, benefits: def.benefits.length, sets, meanFactsPerSet: Math.round(meanFacts * 10) / 10, node: process.version, results, perBenefit };
}

export function toMarkdown(r: EngineBenchResult): string {
  const lines = [
    `Rule set ${r.ruleSet} (${r.benefits} benefits), ${r.sets.toLocaleString('en')} random valid fact sets (${r.meanFactsPerSet} facts each on average), Node ${r.node}.`,
    '',
    '| measurement | runs | median µs | p99 µs | mean µs |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...r.results.map((s) => `| ${s.name} | ${s.runs.toLocaleString('en')} | ${s.medianUs} | ${s.p99Us} | ${s.meanUs} |`),
  ];
  if (r.perBenefit.length > 0)
    lines.push(
      '',
      'Per benefit: the rule set compiled with that benefit alone, evaluated over the first fact sets; each figure includes the part',
      "every evaluation pays once (loading the facts, common notes, don't-know facts, translation summary).",
      '',
      '| benefit alone | runs | median µs | p99 µs | mean µs |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...r.perBenefit.map((s) => `| ${s.name} | ${s.runs.toLocaleString('en')} | ${s.medianUs} | ${s.p99Us} | ${s.meanUs} |`),
    );
  return lines.join('\n');
}

if (require.main === module) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const result = runEngineBench({
    sets: arg('sets') ? Number(arg('sets')) : undefined,
    language: isLanguage(arg('language')) ? (arg('language') as Language) : 'it',
  });
  console.log(toMarkdown(result));
}
