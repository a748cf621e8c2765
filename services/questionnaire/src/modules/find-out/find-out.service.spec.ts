import { LANGUAGES } from '@inps/kernel';
import { MessageCatalogue } from '@inps/shared';
import { evaluate } from '../../domain';
import { builtIns, ruleSet } from '../../../test/support/rule-sets';
import { FindOutGuidance } from './find-out.service';

/** The find-out steps (guidance/find-out/*.yaml): one for every fact a question asks, in every language. */

const guidance = new FindOutGuidance();

describe('find-out guidance', () => {
  for (const def of builtIns().defs) {
    it(`${def.id}: every fact a question asks has a step in Italian`, () => {
      const asked = [...new Set(def.questions.map((q) => q.fact))];
      expect(asked.length).toBeGreaterThan(0);
      const lacking = asked.filter((fact) => guidance.step(fact, 'it')?.language !== 'it');
      expect(lacking).toEqual([]);
    });

    it(`${def.id}: every fact, asked or not, has a step (a missing fact may be one no question asks)`, () => {
      expect(Object.keys(def.facts).filter((fact) => guidance.step(fact, 'it') === null)).toEqual([]);
    });
  }

  it('has no step for a fact no rule set knows (a renamed fact would leave it behind)', () => {
    const known = new Set(builtIns().defs.flatMap((d) => Object.keys(d.facts)));
    const stale = guidance.catalogue
      .keys()
      .filter((k) => k.startsWith('fact.'))
      .map((k) => k.slice('fact.'.length))
      .filter((f) => !known.has(f));
    expect(stale).toEqual([]);
  });

  it('is complete in every language of the programme, with the same slots', () => {
    expect(guidance.catalogue.problems()).toEqual([]);
    expect(guidance.catalogue.status().map((s) => s.language)).toEqual([...LANGUAGES]);
  });

  it('steps come in the language asked for, marked unreviewed where no native speaker checked them, Italian where missing', () => {
    expect(guidance.step('isee', 'it')).toMatchObject({ language: 'it', reviewed: true, text: expect.stringContaining('DSU') });
    expect(guidance.step('contributionWeeksLast4Years', 'en')).toMatchObject({ language: 'en', text: expect.stringContaining('MyINPS') });
    const partial = new FindOutGuidance(
      MessageCatalogue.of('t', { it: { reviewed: true, messages: { 'fact.isee': 'chiedere al CAF' } }, en: { reviewed: false, messages: {} } }),
    );
    expect(partial.step('isee', 'en')).toEqual({ text: 'chiedere al CAF', language: 'it', reviewed: true });
    expect(partial.step('age', 'it')).toBeNull();
  });

  it('adds to each UNDETERMINED benefit a step for every missing fact, and one for every unknown fact', () => {
    const rs = ruleSet('it-2026');
    const facts = { age: 40, householdSize: 3, minorsInHousehold: 1, hasIsee: true, isee: null, contributionWeeksLast4Years: null };
    const guided = guidance.guide(evaluate(rs, facts, 'en'), rs, 'en');
    const open = guided.benefits.filter((b) => b.status === 'UNDETERMINED');
    expect(open.length).toBeGreaterThan(0);
    for (const b of open) {
      expect(b.findOut.map((s) => s.fact)).toEqual(b.missingFacts);
      for (const s of b.findOut) expect(s.step).toMatchObject({ language: 'en', reviewed: false, text: expect.any(String) });
    }
    for (const b of guided.benefits.filter((x) => x.status !== 'UNDETERMINED')) expect(b.findOut).toEqual([]);
    expect(guided.unknownFacts).toEqual(['contributionWeeksLast4Years', 'isee']);
    expect(guided.findOut.map((s) => s.fact)).toEqual(guided.unknownFacts);
    expect(guided.findOut[1].step?.text).toContain('DSU');
  });

  it('explains a "don\'t know" the other facts settle, with the value in words', () => {
    const rs = ruleSet('it-2026');
    const facts = { age: 30, householdSize: 1, minorsInHousehold: null, childAtNursery: null };
    const it = guidance.guide(evaluate(rs, facts, 'it'), rs, 'it');
    expect(it.unknownFacts).toEqual([]);
    expect(it.findOut).toEqual([]);
    expect(it.inferredFacts).toEqual([
      { fact: 'minorsInHousehold', value: 0, explanation: { text: expect.stringContaining('(0)'), language: 'it', reviewed: true } },
      { fact: 'childAtNursery', value: false, explanation: { text: expect.stringContaining('«non lo so»'), language: 'it', reviewed: true } },
    ]);
    expect(it.inferredFacts[1].explanation.text).toMatch(/\(no\)\.$/);
    const en = guidance.guide(evaluate(rs, facts, 'en'), rs, 'en');
    expect(en.inferredFacts[1].explanation).toMatchObject({ language: 'en', text: expect.stringMatching(/\(no\)\.$/) });
  });

  it('reads an outcome stored before inferred facts existed', () => {
    const rs = ruleSet('it-2026');
    const { inferredFacts: _, ...old } = evaluate(rs, { age: null }, 'it');
    const guided = guidance.guide(old as Parameters<FindOutGuidance['guide']>[0], rs, 'it');
    expect(guided.inferredFacts).toEqual([]);
    expect(guided.findOut.map((s) => s.fact)).toEqual(['age']);
  });
});
