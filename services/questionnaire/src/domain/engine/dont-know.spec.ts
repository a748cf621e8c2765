import { compileRuleSet, evaluate, nextQuestion, parseRuleSet, replayAnswers, validateAnswer, validateFacts, type Answer, type Facts } from '.';
import { MINI } from '../../../test/support/mini-ruleset';
import { ruleSet } from '../../../test/support/rule-sets';

/**
 * "Don't know": a fact given as null stays unknown, its question is not asked again, and the
 * benefits that need it end UNDETERMINED (listing it) unless the other facts decide them.
 */

const rs = compileRuleSet(parseRuleSet(MINI));
const status = (facts: Facts, id: string): string | undefined => evaluate(rs, facts, 'en').benefits.find((b) => b.id === id)?.status;

/** Answers every question the engine asks with `answer(fact)` until it has nothing more to ask. */
function run(rules: typeof rs, answer: (fact: string) => Facts[string] | undefined): { asked: string[]; facts: Record<string, Facts[string]> } {
  const facts: Record<string, Facts[string]> = {};
  const asked: string[] = [];
  for (let i = 0; i < 200; i++) {
    const q = nextQuestion(rules, facts, 'en');
    if (!q) return { asked, facts };
    if (asked.includes(q.id)) throw new Error(`asked ${q.id} twice`);
    asked.push(q.id);
    const v = answer(q.fact);
    facts[q.fact] = v === undefined ? null : v;
  }
  throw new Error('the screening never ended');
}

describe("don't know", () => {
  it('does not ask a question answered null again, and moves on', () => {
    expect(nextQuestion(rs, {}, 'en')?.id).toBe('qa');
    expect(nextQuestion(rs, { a: null }, 'en')?.id).toBe('qb');
  });

  it('keeps the fact unknown: a benefit that needs it is UNDETERMINED and lists it; the others decide the rest', () => {
    const result = evaluate(rs, { a: null, b: true }, 'en');
    expect(result.unknownFacts).toEqual(['a']);
    const both = result.benefits.find((b) => b.id === 'both');
    expect(both?.status).toBe('UNDETERMINED');
    expect(both?.missingFacts).toContain('a');
    // `either` needs a or b: b decides it without a.
    expect(status({ a: null, b: true }, 'either')).toBe('LIKELY_ELIGIBLE');
    expect(status({ a: null, b: false }, 'both')).toBe('NOT_ELIGIBLE');
  });

  it('verdicts are those of an absent fact', () => {
    const withNull = evaluate(rs, { a: null, size: 2, colour: null }, 'en');
    const absent = evaluate(rs, { size: 2 }, 'en');
    expect(withNull.benefits).toEqual(absent.benefits);
    expect(withNull.unknownFacts).toEqual(['a', 'colour']);
    expect(absent.unknownFacts).toEqual([]);
  });

  it('never asks the questions a null gate keeps closed', () => {
    const { asked } = run(rs, (fact) => (fact === 'hasIsee' ? null : undefined));
    expect(asked).toContain('qhasisee');
    expect(asked).not.toContain('qisee');
  });

  it('ends a screening answered null throughout, every question asked once, every benefit UNDETERMINED', () => {
    for (const rules of [rs, ruleSet('it-2026'), ruleSet('it-2019-10')]) {
      const { asked, facts } = run(rules, () => undefined);
      expect(asked.length).toBeGreaterThan(0);
      const result = evaluate(rules, facts, 'it');
      // Nothing known settles nothing: every don't-know stays unknown.
      expect(result.inferredFacts).toEqual([]);
      expect(result.unknownFacts.sort()).toEqual(Object.keys(facts).sort());
      for (const b of result.benefits) {
        // Nothing is known, so nothing can be decided but by the rule set's own fixed facts.
        if (b.status === 'UNDETERMINED') expect(b.missingFacts.length).toBeGreaterThan(0);
      }
    }
  });

  it('accepts null for every question, and still refuses a wrong type', () => {
    expect(validateAnswer(rs, 'qa', null, { b: true })).toEqual({ ok: true, fact: 'a', value: null });
    expect(validateAnswer(rs, 'qkids', null, { size: 1 })).toEqual({ ok: true, fact: 'kids', value: null });
    expect(validateAnswer(rs, 'qa', 'yes')).toMatchObject({ ok: false, issues: [{ field: 'value' }] });
  });

  it('validateFacts keeps explicit nulls of known facts, as unknown', () => {
    expect(validateFacts(rs, { a: null, b: true })).toEqual({ ok: true, facts: { a: null, b: true } });
    expect(validateFacts(rs, { a: 'x' })).toMatchObject({ ok: false, issues: [{ field: 'facts.a' }] });
  });

  it('replays a null answer like any other, and a changed one replaces it', () => {
    const answers: Answer[] = [
      { questionId: 'qa', value: null },
      { questionId: 'qb', value: true },
    ];
    const replay = replayAnswers(rs, answers);
    expect(replay.dropped).toEqual([]);
    expect(replay.facts).toEqual({ a: null, b: true });
    const changed = replayAnswers(rs, [{ questionId: 'qa', value: true }, answers[1]]);
    expect(changed.facts).toEqual({ a: true, b: true });
    expect(status(changed.facts, 'both')).toBe('LIKELY_ELIGIBLE');
  });

  it('lists a null the other facts settle as inferred, with its value, not as unknown', () => {
    const rules = ruleSet('it-2026');
    // One adult alone: no minors (bounds meet at 0), hence no child at a nursery (implied).
    const result = evaluate(rules, { age: 30, householdSize: 1, minorsInHousehold: null, childAtNursery: null, isee: null }, 'it');
    expect(result.unknownFacts).toEqual(['isee']);
    expect(result.inferredFacts).toEqual([
      { fact: 'minorsInHousehold', value: 0 },
      { fact: 'childAtNursery', value: false },
    ]);
    for (const b of result.benefits) expect(b.missingFacts).not.toContain('minorsInHousehold');
    // The same null with the household unknown stays unknown.
    expect(evaluate(rules, { age: 30, minorsInHousehold: null }, 'it').unknownFacts).toEqual(['minorsInHousehold']);
  });
});
