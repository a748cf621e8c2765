import { contradictedFacts, validateAnswer, validateFacts } from '.';
import { ruleSet } from '../../../test/support/rule-sets';

const rs = ruleSet('it-2026');

function issues(input: unknown): { field: string; issue: string }[] {
  const r = validateFacts(rs, input);
  return r.ok ? [] : r.issues;
}

describe('validateFacts', () => {
  it('accepts known facts of the right types', () => {
    const r = validateFacts(rs, { age: 40, citizenship: 'IT', homeless: false, isee: 8200.5, hasIsee: true });
    expect(r).toEqual({ ok: true, facts: { age: 40, citizenship: 'IT', homeless: false, isee: 8200.5, hasIsee: true } });
  });
  it('keeps null as unknown ("don\'t know"), and drops a null unknown name as before', () => {
    expect(validateFacts(rs, { age: null, homeless: true })).toEqual({ ok: true, facts: { age: null, homeless: true } });
    expect(validateFacts(rs, { shoeSize: null })).toEqual({ ok: true, facts: {} });
  });
  it('rejects unknown fact names', () => {
    expect(issues({ shoeSize: 42 })).toEqual([{ field: 'facts.shoeSize', issue: 'unknown fact' }]);
  });
  it('rejects out-of-range values', () => {
    expect(issues({ age: 200 })).toEqual([{ field: 'facts.age', issue: 'must be at most 120, got 200' }]);
    expect(issues({ isee: -1 })).toEqual([{ field: 'facts.isee', issue: 'must be at least 0, got -1' }]);
    expect(issues({ disabilityPercentage: 101 })[0].field).toBe('facts.disabilityPercentage');
    expect(issues({ pregnancyMonth: 10 })[0].field).toBe('facts.pregnancyMonth');
    expect(issues({ minorsInHousehold: 31 })[0].field).toBe('facts.minorsInHousehold');
  });
  it('rejects wrong types and non-integers for integer facts', () => {
    expect(issues({ age: '40' })).toEqual([{ field: 'facts.age', issue: 'must be a number, got "40"' }]);
    expect(issues({ age: 40.5 })).toEqual([{ field: 'facts.age', issue: 'must be a whole number, got 40.5' }]);
    expect(issues({ homeless: 'yes' })).toEqual([{ field: 'facts.homeless', issue: 'must be true or false, got "yes"' }]);
    expect(issues({ isee: Number.NaN })[0].issue).toMatch(/must be a number/);
    expect(issues({ isee: Number.POSITIVE_INFINITY })[0].issue).toMatch(/must be a number/);
  });
  it('rejects bad enum values', () => {
    expect(issues({ citizenship: 'MARS' })[0]).toEqual({
      field: 'facts.citizenship',
      issue: 'must be one of IT, EU, NON_EU_LONG_TERM, NON_EU_PROTECTION, NON_EU_PERMIT, NON_EU_NO_PERMIT, got "MARS"',
    });
  });
  it('reports every bad fact at once', () => {
    expect(issues({ age: -1, homeless: 3, foo: 1 }).map((i) => i.field)).toEqual(['facts.age', 'facts.homeless', 'facts.foo']);
  });
  it('rejects facts that contradict each other', () => {
    expect(issues({ householdSize: 2, age: 40, minorsInHousehold: 2 })).toEqual([
      { field: 'facts.minorsInHousehold', issue: 'must be at most 1 given the other facts, got 2' },
    ]);
    expect(issues({ hasIsee: false, isee: 5000 })).toEqual([{ field: 'facts.isee', issue: 'cannot be given when hasIsee is false' }]);
    expect(issues({ age: 30, allMembersAged67Plus: true })).toEqual([
      { field: 'facts.allMembersAged67Plus', issue: 'must be false given the other facts, got true' },
    ]);
    expect(issues({ age: 40, yearsOfResidenceInItaly: 41 })[0].field).toBe('facts.yearsOfResidenceInItaly');
    expect(issues({ disabledMembers: 1, severelyDisabledMembers: 2 })[0].field).toBe('facts.severelyDisabledMembers');
  });
  it('uses the prefix for field names', () => {
    expect(validateFacts(rs, { age: 500 }, 'body.facts')).toEqual({ ok: false, issues: [{ field: 'body.facts.age', issue: 'must be at most 120, got 500' }] });
  });
  it('rejects what is not an object', () => {
    for (const bad of [null, 3, 'age', [1, 2]]) expect(issues(bad)).toEqual([{ field: 'facts', issue: 'must be an object mapping fact names to values' }]);
  });
});

describe('validateAnswer', () => {
  it('returns the fact the question sets', () => {
    expect(validateAnswer(rs, 'age', 58)).toEqual({ ok: true, fact: 'age', value: 58 });
    expect(validateAnswer(rs, 'citizenship', 'EU')).toEqual({ ok: true, fact: 'citizenship', value: 'EU' });
  });
  it('rejects an unknown question', () => {
    expect(validateAnswer(rs, 'shoe-size', 42)).toEqual({ ok: false, issues: [{ field: 'questionId', issue: 'unknown question "shoe-size"' }] });
  });
  it('rejects a bad value', () => {
    expect(validateAnswer(rs, 'age', 121)).toEqual({ ok: false, issues: [{ field: 'value', issue: 'must be at most 120, got 121' }] });
    expect(validateAnswer(rs, 'homeless', 'no')).toMatchObject({ ok: false, issues: [{ field: 'value' }] });
    expect(validateAnswer(rs, 'citizenship', 'XX')).toMatchObject({ ok: false, issues: [{ field: 'value' }] });
    expect(validateAnswer(rs, 'minors', 1.5)).toMatchObject({ ok: false, issues: [{ field: 'value', issue: 'must be a whole number, got 1.5' }] });
  });
  it('with the facts so far, rejects a contradicting answer', () => {
    expect(validateAnswer(rs, 'minors', 3, { age: 40, householdSize: 3 })).toEqual({
      ok: false,
      issues: [{ field: 'value', issue: 'must be at most 2 given the other facts, got 3' }],
    });
    expect(validateAnswer(rs, 'minors', 2, { age: 40, householdSize: 3 })).toMatchObject({ ok: true });
  });
});

describe('contradictedFacts', () => {
  it('names the earlier facts without which a refused answer would stand', () => {
    // The bound is the household less the respondent when an adult: both age and size can be the wrong answer, not homeless.
    expect(contradictedFacts(rs, 'minors', 3, { age: 40, householdSize: 3, homeless: false })).toEqual(['age', 'householdSize']);
    expect(contradictedFacts(rs, 'isee', 5000, { hasIsee: false, age: 40 })).toEqual(['hasIsee']);
  });
  it('names nothing for an answer that contradicts nothing, is wrong alone, or is "don\'t know"', () => {
    expect(contradictedFacts(rs, 'minors', 2, { age: 40, householdSize: 3 })).toEqual([]);
    expect(contradictedFacts(rs, 'minors', 1.5, { age: 40, householdSize: 1 })).toEqual([]);
    expect(contradictedFacts(rs, 'minors', null, { age: 40, householdSize: 1 })).toEqual([]);
    expect(contradictedFacts(rs, 'shoe-size', 3, { householdSize: 1 })).toEqual([]);
  });
});
