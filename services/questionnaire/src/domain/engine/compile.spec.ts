import { compileRuleSet } from './compile';
import { RuleSetValidationError } from './errors';
import { definitionCopy, issuesOf } from '../../../test/support/rule-sets';

describe('semantic validation', () => {
  it('rejects a reference to an unknown fact', () => {
    const def = definitionCopy('it-2026');
    (def.benefits[0].condition as unknown as { all: unknown[] }).all.push({ isTrue: 'hasCar' });
    expect(issuesOf(def)).toContainEqual({ field: '/benefits/0/condition/all/9/isTrue', issue: 'unknown fact "hasCar"' });
  });
  it('rejects a reference to an unknown parameter', () => {
    const def = definitionCopy('it-2026');
    (def.benefits[6].condition as unknown as { all: unknown[] }).all[3] = { le: [{ fact: 'daysSinceJobLoss' }, { param: 'naspi.days' }] };
    expect(issuesOf(def)).toContainEqual({ field: '/benefits/6/condition/all/3/le/1/param', issue: 'unknown parameter "naspi.days"' });
  });
  it('rejects an unknown placeholder in a label', () => {
    const def = definitionCopy('it-2019-10');
    def.benefits[0].condition = { isTrue: 'homeless', label: { it: '{nope}', en: 'x' } };
    expect(issuesOf(def).map((i) => i.issue)).toContain('unknown placeholder {nope}');
  });
  it('rejects a type mismatch (numeric comparison on a boolean fact, bad enum literal)', () => {
    const def = definitionCopy('it-2026');
    def.benefits[0].condition = { all: [{ lt: [{ fact: 'homeless' }, 3] }, { in: [{ fact: 'citizenship' }, ['ITALIAN']] }] };
    const issues = issuesOf(def).map((i) => i.issue);
    expect(issues).toContain('fact "homeless" is boolean, not numeric');
    expect(issues).toContain('value "ITALIAN" does not fit enum fact "citizenship"');
  });
  it('requires a question for every fact the rules use', () => {
    const def = definitionCopy('it-2026');
    def.questions = def.questions.filter((q) => q.fact !== 'financialAssets');
    expect(
      issuesOf(def)
        .map((i) => i.issue)
        .join('\n'),
    ).toMatch(/no question sets fact "financialAssets"/);
  });
  it('requires each question to set one known fact of the right type', () => {
    const def = definitionCopy('it-2026');
    def.questions[0] = { ...def.questions[0], fact: 'shoeSize' };
    def.questions[1] = { ...def.questions[1], type: 'boolean' };
    const issues = issuesOf(def);
    expect(issues).toContainEqual({ field: '/questions/0/fact', issue: 'unknown fact "shoeSize"' });
    expect(issues).toContainEqual({ field: '/questions/1/type', issue: 'a boolean question cannot set the integer fact "householdSize"' });
  });
  it('rejects duplicate benefit ids, a circular shared condition and circular fact rules', () => {
    const def = definitionCopy('it-2026');
    def.benefits.push(def.benefits[0]);
    def.conditions = { ...def.conditions, loop: { ref: 'loop' } };
    def.benefits[1].condition = { ref: 'loop' };
    def.facts.householdSize = { ...def.facts.householdSize, bounds: { min: { fact: 'minorsInHousehold' } } };
    const issues = issuesOf(def)
      .map((i) => i.issue)
      .join('\n');
    expect(issues).toMatch(/duplicate benefit id "assegno-inclusione"/);
    expect(issues).toMatch(/condition "loop" refers to itself/);
    expect(issues).toMatch(/circular fact rules/);
  });
  it('keeps the types of the core fact vocabulary', () => {
    const def = definitionCopy('it-2026');
    def.facts.age = { ...def.facts.age, type: 'number' };
    expect(issuesOf(def)).toContainEqual({ field: '/facts/age/type', issue: 'core fact "age" must be integer (docs/facts.md)' });
  });
  it('compileRuleSet validates too (definitions may come from a database)', () => {
    const def = definitionCopy('it-2026');
    def.benefits[0].howToApply.channels = ['pigeon'];
    expect(() => compileRuleSet(def)).toThrow(RuleSetValidationError);
  });
});
