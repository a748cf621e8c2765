import { evaluate, nextQuestion, replayAnswers, validateAnswer, validateFacts, type BenefitResult, type CompiledRuleSet, type Facts } from '.';
import { caseFacts, loadScenarioFiles, ruleSet, type FactMap, type ScenarioCase, type ScenarioExpectation } from '../../../test/support/rule-sets';

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

/**
 * A screening that answers with the case's facts and "don't know" (null) to everything else, to the
 * end: every null must be accepted (never a 400), no question asked twice.
 */
function screenWithDontKnow(rs: CompiledRuleSet, given: FactMap, c: ScenarioCase): FactMap {
  const asked: string[] = [];
  const answered: FactMap = {};
  for (;;) {
    const q = nextQuestion(rs, answered as Facts, 'it');
    if (!q) break;
    if (asked.includes(q.id)) throw new Error(`asked ${q.id} twice`);
    asked.push(q.id);
    const value = q.fact in given ? given[q.fact] : null;
    const checked = validateAnswer(rs, q.id, value, answered as Facts);
    if (!checked.ok) throw new Error(`answer ${JSON.stringify(value)} to ${q.id} refused: ${JSON.stringify(checked.issues)}`);
    answered[q.fact] = value;
    if (asked.length > 200) throw new Error('the screening never ended');
  }
  if (c.questions) expect(asked).toEqual(c.questions);
  return answered;
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
        const dontKnowRest = c.unanswered === 'dontKnow';
        if (dontKnowRest) facts = screenWithDontKnow(rs, facts, c);
        const valid = validateFacts(rs, facts);
        if (!valid.ok) throw new Error(`invalid facts in scenario: ${JSON.stringify(valid.issues)}`);
        const result = evaluate(rs, valid.facts, c.language ?? 'it');
        const known = new Set(result.benefits.map((b) => b.id));
        for (const [id, e] of Object.entries(c.expect)) {
          if (!known.has(id)) throw new Error(`unknown benefit ${id}`);
          check(result.benefits.find((b) => b.id === id) as BenefitResult, e);
        }
        if (c.unknownFacts) expect([...result.unknownFacts].sort()).toEqual([...c.unknownFacts].sort());
        if (c.inferredFacts) expect(result.inferredFacts.map((f) => f.fact).sort()).toEqual([...c.inferredFacts].sort());
        // Every null is accounted for: unknown, or settled by the other facts.
        const nulls = Object.keys(facts).filter((k) => facts[k] === null);
        expect([...result.unknownFacts, ...result.inferredFacts.map((f) => f.fact)].sort()).toEqual(nulls.sort());
        if (dontKnowRest) {
          // The screening ran to its end: what still keeps a benefit open is something nobody knew.
          for (const b of result.benefits.filter((x) => x.status === 'UNDETERMINED')) {
            expect({ id: b.id, unknownMissing: b.missingFacts.some((f) => result.unknownFacts.includes(f)) }).toEqual({ id: b.id, unknownMissing: true });
          }
        }
        if (c.questions && !dontKnowRest) {
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
