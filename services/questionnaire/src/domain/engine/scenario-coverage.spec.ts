import { builtIns, caseFacts, loadScenarioFiles } from '../../../test/support/rule-sets';

/** Every benefit of every rule set must have an eligible, a not-eligible and an undetermined scenario. */

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
});
