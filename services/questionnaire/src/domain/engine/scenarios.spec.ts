import { evaluate, nextQuestion, replayAnswers, validateFacts, type BenefitResult, type Facts } from '.';
import { caseFacts, loadScenarioFiles, ruleSet, type FactMap, type ScenarioExpectation } from '../../../test/support/rule-sets';

/**
 * Runs every scenario under rulesets/<id>/scenarios/*.yaml (docs/architecture.md §4): one test per case,
 * named after the file and the case.
 */

function check(b: BenefitResult, e: ScenarioExpectation): void {
  const ctx = `${b.id}: ${b.explanation.map((x) => `[${String(x.holds)}] ${x.text}`).join(' | ')}`;
  expect({ id: b.id, status: b.status, ctx }).toMatchObject({ id: b.id, status: e.status });
  if (e.amount !== undefined) {
    if (e.amount === null) expect(b.amount).toBeUndefined();
    else {
      expect(b.amount).toBeDefined();
      expect(b.amount?.value).toBeCloseTo(e.amount, 2);
    }
  }
  if (e.period) expect(b.amount?.period).toBe(e.period);
  if (e.missingFacts) expect([...b.missingFacts].sort()).toEqual([...e.missingFacts].sort());
  if (e.missingIncludes) expect(b.missingFacts).toEqual(expect.arrayContaining(e.missingIncludes));
  if (e.wouldQualifyIf !== undefined) expect(b.wouldQualifyIf !== undefined && b.wouldQualifyIf.length > 0).toBe(e.wouldQualifyIf);
  const text = b.explanation.map((x) => x.text).join('\n');
  for (const s of e.explanationIncludes ?? []) expect(text).toContain(s);
  const notes = [...b.howToApply.notes, b.amount?.note ?? ''].join('\n');
  for (const s of e.notesInclude ?? []) expect(notes).toContain(s);
  if (e.successors) expect(b.successors).toEqual(e.successors);
  if (e.unconfirmedParameters) expect(b.unconfirmedParameters ?? []).toEqual(expect.arrayContaining(e.unconfirmedParameters));
}

const files = loadScenarioFiles();

describe('scenario files', () => {
  it('exist for both rule sets', () => {
    expect(new Set(files.map((f) => f.ruleSet))).toEqual(new Set(['it-2026', 'it-2019-10']));
  });
});

for (const file of files) {
  describe(file.file, () => {
    const rs = ruleSet(file.ruleSet);
    for (const c of file.cases) {
      it(c.name, () => {
        let facts: FactMap = caseFacts(file, c);
        if (c.answers) {
          const replay = replayAnswers(rs, c.answers);
          expect(replay.dropped).toEqual([]);
          facts = { ...replay.facts, ...facts };
        }
        const valid = validateFacts(rs, facts);
        if (!valid.ok) throw new Error(`invalid facts in scenario: ${JSON.stringify(valid.issues)}`);
        const result = evaluate(rs, valid.facts, c.language ?? 'it');
        const known = new Set(result.benefits.map((b) => b.id));
        for (const [id, e] of Object.entries(c.expect)) {
          if (!known.has(id)) throw new Error(`unknown benefit ${id}`);
          check(result.benefits.find((b) => b.id === id) as BenefitResult, e);
        }
        if (c.questions) {
          // Simulated screening: the case's facts are the persona's answers.
          const asked: string[] = [];
          const answered: FactMap = {};
          for (let i = 0; i < 100; i++) {
            const q = nextQuestion(rs, answered as Facts, 'it');
            if (!q) break;
            asked.push(q.id);
            if (!(q.fact in facts)) break;
            answered[q.fact] = facts[q.fact];
          }
          expect(asked).toEqual(c.questions);
          const after = evaluate(rs, answered as Facts, 'it');
          for (const [id, e] of Object.entries(c.expect)) {
            expect({ id, status: after.benefits.find((b) => b.id === id)?.status }).toEqual({ id, status: e.status });
          }
        }
      });
    }
  });
}
