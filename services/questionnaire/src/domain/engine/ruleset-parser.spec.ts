import { definitionCopy, issuesOf } from '../../../test/support/rule-sets';

describe('JSON-Schema validation names the path', () => {
  it('reports a YAML syntax error with its line', () => {
    expect(issuesOf('id: [unclosed\ntitle: x')[0].field).toMatch(/line/);
  });
  it('rejects a missing required field', () => {
    const def = definitionCopy('it-2026') as unknown as Record<string, unknown>;
    delete def.effectiveFrom;
    expect(issuesOf(def)).toContainEqual({ field: '/effectiveFrom', issue: 'is required' });
  });
  it('rejects an unknown operator inside a condition', () => {
    const def = definitionCopy('it-2026');
    (def.benefits[0].condition as unknown as { all: unknown[] }).all[3] = { lessThan: [1, 2] };
    const issues = issuesOf(def);
    expect(issues).toContainEqual({ field: '/benefits/0/condition/all/3', issue: 'unknown property "lessThan"' });
  });
  it('rejects a comparison with the wrong number of operands', () => {
    const def = definitionCopy('it-2026');
    (def.benefits[6].condition as unknown as { all: unknown[] }).all[2] = { ge: [{ fact: 'contributionWeeksLast4Years' }] };
    expect(issuesOf(def).map((i) => i.field)).toContain('/benefits/6/condition/all/2/ge');
  });
  it('rejects a parameter without confirmed flag, and a bad date', () => {
    const def = definitionCopy('it-2026') as unknown as { parameters: Record<string, Record<string, unknown>>; effectiveFrom: string };
    delete def.parameters['adi.iseeMax'].confirmed;
    def.effectiveFrom = '2026-13-45';
    const fields = issuesOf(def).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['/parameters/adi.iseeMax/confirmed', '/effectiveFrom']));
  });
  it('rejects a text without English', () => {
    const def = definitionCopy('it-2026') as unknown as { benefits: { name: Record<string, string> }[] };
    delete def.benefits[2].name.en;
    expect(issuesOf(def)).toContainEqual({ field: '/benefits/2/name/en', issue: 'is required' });
  });
});
