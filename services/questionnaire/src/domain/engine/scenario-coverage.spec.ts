import { builtIns, caseFacts, dontKnowFactsOf, loadScenarioFiles } from '../../../test/support/rule-sets';

/**
 * Every benefit of every rule set must have an eligible, a not-eligible and an undetermined scenario,
 * and a don't-know one: a needed fact answered null, the benefit UNDETERMINED with that fact missing.
 * Every rule set has the screening answered "don't know" throughout, with a verdict for each benefit.
 */

describe('scenario coverage', () => {
  const files = loadScenarioFiles();
  for (const def of builtIns().defs) {
    it(`${def.id}: every benefit has LIKELY_ELIGIBLE, NOT_ELIGIBLE and UNDETERMINED cases`, () => {
      const seen = new Map<string, Set<string>>(def.benefits.map((b) => [b.id, new Set<string>()]));
      for (const f of files.filter((x) => x.ruleSet === def.id)) {
        for (const c of f.cases) {
          caseFacts(f, c);
          for (const [id, e] of Object.entries(c.expect)) seen.get(id)?.add(e.status);
        }
      }
      const gaps = [...seen].flatMap(([id, statuses]) =>
        ['LIKELY_ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED'].filter((s) => !statuses.has(s)).map((s) => `${id} lacks ${s}`),
      );
      expect(gaps).toEqual([]);
    });
  }

  for (const def of builtIns().defs) {
    it(`${def.id}: every benefit has a don't-know scenario (UNDETERMINED, the null fact among the missing)`, () => {
      const covered = new Set<string>();
      for (const f of files.filter((x) => x.ruleSet === def.id)) {
        for (const c of f.cases) {
          const nulls = dontKnowFactsOf(f, c, def);
          for (const [id, e] of Object.entries(c.expect)) {
            const missing = [...(e.missingFacts ?? []), ...(e.missingIncludes ?? [])];
            if (e.status === 'UNDETERMINED' && missing.some((m) => nulls.includes(m))) covered.add(id);
          }
        }
      }
      expect(def.benefits.map((b) => b.id).filter((id) => !covered.has(id))).toEqual([]);
    });

    it(`${def.id}: a screening answered "don't know" to every question, with a verdict for every benefit`, () => {
      const all = files
        .filter((x) => x.ruleSet === def.id)
        .flatMap((f) => f.cases)
        .filter((c) => c.unanswered === 'dontKnow' && !c.extends && !c.facts && !c.answers);
      expect(all.length).toBeGreaterThan(0);
      for (const c of all) expect(Object.keys(c.expect).sort()).toEqual(def.benefits.map((b) => b.id).sort());
    });
  }
});
