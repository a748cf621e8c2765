import * as fc from 'fast-check';
import { evaluate, nextQuestion, validateFacts, type FactDefinition, type FactValue, type Facts, type RuleSetDefinition } from '.';
import { builtIns, caseFacts, loadScenarioFiles, ruleSet } from '../../../test/support/rule-sets';

/**
 * Property tests. The seed is fixed so that runs are repeatable; fast-check prints it (with the
 * shrunk counterexample) on failure, and FC_SEED overrides it to explore further.
 */
const SEED = Number(process.env.FC_SEED ?? 20260101);
const RUNS = Number(process.env.FC_RUNS ?? 300);

const junk = fc.constantFrom<unknown>(null, 'x', '', {}, [], Number.NaN, Number.POSITIVE_INFINITY, true, -1);

/** Values in range, near the rule set's thresholds, and slightly out of range. */
function rawValue(def: RuleSetDefinition, f: FactDefinition): fc.Arbitrary<unknown> {
  const thresholds = Object.values(def.parameters).map((p) => p.value);
  switch (f.type) {
    case 'boolean':
      return fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: junk });
    case 'enum':
      return fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...(f.values ?? []).map((v) => v.value)) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>('NOPE', 3, false) },
      );
    case 'integer':
    case 'number': {
      const min = f.min ?? 0;
      const max = f.max ?? 0;
      const near = fc.constantFrom(...thresholds).chain((t) => fc.constantFrom(t - 0.01, t, t + 0.01, Math.round(t) - 1, Math.round(t) + 1));
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: Math.max(min - 3, -1e9), max: Math.min(Math.max(max, min) + 3, 1e9) }) },
        { weight: 3, arbitrary: near },
        { weight: 2, arbitrary: fc.double({ min: min - 1, max: max + 1, noNaN: true }) },
        { weight: 1, arbitrary: junk },
      );
    }
  }
}

function factsArb(def: RuleSetDefinition): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, f] of Object.entries(def.facts)) model[name] = rawValue(def, f);
  return fc
    .tuple(fc.record(model, { requiredKeys: [] }), fc.dictionary(fc.constantFrom('shoeSize', 'foo', '__proto__', 'constructor'), fc.integer(), { maxKeys: 1 }))
    .map(([a, b]) => ({ ...b, ...a }));
}

/** Valid facts: drop the facts validateFacts complains about until it accepts the rest. */
function repaired(rs: ReturnType<typeof ruleSet>, raw: Record<string, unknown>): Record<string, FactValue | null> {
  const facts = { ...raw };
  for (let i = 0; i < 20; i++) {
    const r = validateFacts(rs, facts);
    if (r.ok) return { ...r.facts };
    for (const issue of r.issues) delete facts[issue.field.replace(/^facts\./, '')];
  }
  throw new Error('could not repair facts');
}

const scenarioFacts = new Map<string, Record<string, FactValue | null>[]>();
for (const file of loadScenarioFiles()) {
  const list = scenarioFacts.get(file.ruleSet) ?? [];
  for (const c of file.cases) list.push(caseFacts(file, c));
  scenarioFacts.set(file.ruleSet, list);
}

for (const def of builtIns().defs) {
  const rs = ruleSet(def.id);
  const bases = scenarioFacts.get(def.id) ?? [];
  describe(`${def.id} properties (seed ${SEED})`, () => {
    it('validation never throws; valid facts evaluate without throwing, consistently', () => {
      fc.assert(
        fc.property(factsArb(def), (raw) => {
          const r = validateFacts(rs, raw);
          if (!r.ok) {
            expect(r.issues.length).toBeGreaterThan(0);
            for (const i of r.issues) expect(i.field).toMatch(/^facts\./);
            return;
          }
          for (const lang of ['it', 'en'] as const) {
            const result = evaluate(rs, r.facts, lang);
            expect(result.benefits).toHaveLength(def.benefits.length);
            for (const b of result.benefits) {
              expect(['LIKELY_ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED']).toContain(b.status);
              // Undetermined exactly when something is still missing; missing facts are unknown, or a remediable gap.
              expect(b.missingFacts.length > 0).toBe(b.status === 'UNDETERMINED');
              for (const m of b.missingFacts) {
                expect(def.facts[m]).toBeDefined();
                if (m in r.facts) expect(def.facts[m].pendingWhen !== undefined && r.facts[m] === false).toBe(true);
              }
              for (const e of b.explanation) expect(e.text).not.toMatch(/undefined|NaN|\{/);
            }
          }
          const q = nextQuestion(rs, r.facts, 'it');
          if (q) expect(r.facts).not.toHaveProperty(q.fact);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });

    it('a determined verdict never changes when more facts are added (monotonicity)', () => {
      // Full fact sets start from a scenario (so that benefits are often near eligibility), with
      // some facts replaced by random values and random facts added.
      const baseArb = fc
        .constantFrom(...bases)
        .chain((base) => fc.tuple(fc.constant(base), fc.subarray(Object.keys(base), { maxLength: Math.min(3, Object.keys(base).length) })));
      const fullArb = fc.tuple(baseArb, factsArb(def), fc.subarray(Object.keys(def.facts), { maxLength: 6 })).map(([[base, replaced], raw, extra]) => {
        const mixed: Record<string, unknown> = { ...base };
        for (const k of [...replaced, ...extra]) if (k in raw) mixed[k] = raw[k];
        return repaired(rs, mixed);
      });
      // small ⊆ middle ⊆ full, each missing a few facts of the next one.
      const nested = fullArb.chain((full) => {
        const keys = Object.keys(full);
        return fc
          .tuple(fc.subarray(keys, { maxLength: Math.min(4, keys.length) }), fc.subarray(keys, { maxLength: Math.min(8, keys.length) }))
          .map(([fromMiddle, fromSmall]) => {
            const middle: Record<string, FactValue | null> = { ...full };
            for (const k of fromMiddle) delete middle[k];
            const small: Record<string, FactValue | null> = { ...middle };
            for (const k of fromSmall) delete small[k];
            return [small, middle, full] as Facts[];
          });
      });
      fc.assert(
        fc.property(nested, ([small, middle, full]) => {
          const chain = [small, middle, full].map((f) => evaluate(rs, f, 'en').benefits);
          for (let i = 0; i < chain[0].length; i++) {
            for (let step = 0; step < 2; step++) {
              const before = chain[step][i];
              const after = chain[step + 1][i];
              if (before.status !== 'UNDETERMINED') expect({ id: before.id, status: after.status }).toEqual({ id: before.id, status: before.status });
            }
          }
        }),
        { numRuns: RUNS * 2, seed: SEED },
      );
    });

    it('removing any one fact from a scenario never turns a verdict into the opposite one', () => {
      for (const facts of bases) {
        const full = evaluate(rs, facts, 'it').benefits;
        for (const k of Object.keys(facts)) {
          const less: Record<string, FactValue | null> = { ...facts };
          delete less[k];
          evaluate(rs, less, 'it').benefits.forEach((b, i) => {
            if (b.status !== 'UNDETERMINED' && b.status !== full[i].status)
              throw new Error(`${b.id}: ${b.status} without ${k}, ${full[i].status} with it (${JSON.stringify(facts)})`);
          });
        }
      }
    });
  });
}
