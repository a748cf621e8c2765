import { parse, print } from 'graphql';
import { checkOperation, fieldShapesOf, measureOperation, type OperationLimits } from './operation-limits';
import { readCommittedSupergraph } from './supergraph.loader';

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

  it('multiplies only below fields that return lists, as the supergraph says', () => {
    const shapes = fieldShapesOf(readCommittedSupergraph());
    // A territory's indicators: one territory, one Indicators object, a list of indicators with one value each.
    const doc = parse(
      '{ territory(istatCode: "12") { istatCode name indicators(semester: "2026S1") { semester partnerView indicators { id labelIt value { value suppressed } } } } }',
    );
    const indicators = 1 + 10 * (1 + 1 + (1 + 2));
    expect(measureOperation(doc, undefined, {}, shapes)?.cost).toBe(1 + (1 + 1 + (1 + (1 + 1 + indicators))));
    // Without the shapes every selection was taken as ten things: over the default limit of 5000.
    expect(measureOperation(doc, undefined, {})?.cost).toBeGreaterThan(5000);
    expect(checkOperation(print(doc), undefined, {}, { ...limits, maxCost: 5000, maxDepth: 10, maxTokens: 2000, fieldShapes: shapes }).refusal).toBeUndefined();
    // Lists still multiply, by their size argument (a page's, for the list inside it) or by 10; fragments take their type.
    const page = parse('{ territories(limit: 50) { total items { istatCode ...T } } } fragment T on Territory { indicators(semester: "2026S1") { semester } }');
    expect(measureOperation(page, undefined, {}, shapes)?.cost).toBe(1 + (1 + (1 + 50 * (1 + (1 + 1)))));
    const unsized = parse('{ territories { items { istatCode } } }');
    expect(measureOperation(unsized, undefined, {}, shapes)?.cost).toBe(1 + (1 + 10 * 1));
    // A field the schema does not know is taken as a list.
    expect(measureOperation(parse('{ nowhere { a } }'), undefined, {}, shapes)?.cost).toBe(1 + 10);
  });
});
