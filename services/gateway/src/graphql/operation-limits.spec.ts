import { parse } from 'graphql';
import { checkOperation, measureOperation, type OperationLimits } from './operation-limits';

const limits: OperationLimits = { maxDepth: 4, maxAliases: 2, maxCost: 200, maxTokens: 200, introspection: false };

describe('GraphQL operation limits', () => {
  it('measures depth, aliases and cost, following fragments', () => {
    const doc = parse('query Q { a: organisations { id ...F } } fragment F on Organisation { returns(first: 3) { semester } }');
    expect(measureOperation(doc, 'Q')).toEqual({
      depth: 3,
      aliases: 1,
      cost: 1 + 10 * (1 + (1 + 3 * 1)),
      introspection: false,
      mutation: false,
      rootFields: ['organisations'],
    });
  });

  it('does not loop on fragment cycles and picks the named operation', () => {
    const doc = parse('query A { x { ...F } } query B { y } fragment F on T { z { ...F } }');
    expect(measureOperation(doc, 'A')?.depth).toBe(3);
    expect(measureOperation(doc, 'B')?.depth).toBe(1);
    expect(measureOperation(doc, undefined)).toBeUndefined();
  });

  it('reads sizes from variables', () => {
    const doc = parse('query($n: Int) { territories(limit: $n) { name } }');
    expect(measureOperation(doc, undefined, { n: 50 })?.cost).toBe(1 + 50);
  });

  it('refuses each limit with its own code', () => {
    const code = (q: string, v?: unknown) => checkOperation(q, undefined, v, limits).refusal?.code;
    expect(code('{ a { b { c { d { e } } } } }')).toBe('QUERY_TOO_DEEP');
    expect(code('{ x: a y: a z: a }')).toBe('TOO_MANY_ALIASES');
    expect(code('{ a(first: 100) { b c } }')).toBe('QUERY_TOO_COSTLY');
    expect(code('{ __schema { types { name } } }')).toBe('INTROSPECTION_DISABLED');
    expect(code('{ __type(name: "Query") { name } }')).toBe('INTROSPECTION_DISABLED');
    expect(code(`{ ${'a '.repeat(300)} }`)).toBe('QUERY_TOO_LARGE');
    expect(code('{ a { b } __typename }')).toBeUndefined();
    expect(checkOperation('{ __schema { queryType { name } } }', undefined, undefined, { ...limits, introspection: true }).refusal).toBeUndefined();
  });

  it('leaves documents it cannot read to the runtime', () => {
    expect(checkOperation('{ a ', undefined, undefined, limits)).toEqual({});
    expect(checkOperation(undefined, undefined, undefined, limits)).toEqual({});
  });

  it('tells mutations apart', () => {
    expect(checkOperation('mutation { x }', undefined, undefined, limits).measure?.mutation).toBe(true);
  });

  it('lists every root field invocation: aliases, fragments and inline fragments, a repeated response key once', () => {
    const doc = parse(`
      query Q {
        a: screeningByResumeCode(resumeCode: "A") { id }
        b: screeningByResumeCode(resumeCode: "B") { id }
        ruleSets { id }
        ruleSets { name }
        ...Lookups
        ... on Query { d: screeningByResumeCode(resumeCode: "D") { id } ...Lookups }
      }
      query Other { evaluateFacts(input: { facts: {} }) { ruleSet { id } } }
      fragment Lookups on Query { c: screeningByResumeCode(resumeCode: "C") { id } __typename }
    `);
    expect(measureOperation(doc, 'Q')?.rootFields).toEqual([
      'screeningByResumeCode',
      'screeningByResumeCode',
      'ruleSets',
      'screeningByResumeCode',
      '__typename',
      'screeningByResumeCode',
    ]);
    // Only the operation that runs counts.
    expect(measureOperation(doc, 'Other')?.rootFields).toEqual(['evaluateFacts']);
    expect(
      checkOperation(
        'mutation { s: startScreening(input: { mode: "self" }) { id } t: startScreening(input: { mode: "self" }) { id } }',
        undefined,
        undefined,
        limits,
      ).measure?.rootFields,
    ).toEqual(['startScreening', 'startScreening']);
  });
});
