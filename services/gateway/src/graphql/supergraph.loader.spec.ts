import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { readCommittedSupergraph, withSubgraphUrls } from './supergraph.loader';

describe('supergraph loader', () => {
  it('replaces every subgraph URL with the configured one', () => {
    const sg = withSubgraphUrls(readCommittedSupergraph(), { questionnaire: 'http://q:1', agreements: 'https://a.internal', monitoring: 'http://m:3' });
    expect(sg).toContain('@join__graph(name: "questionnaire", url: "http://q:1/graphql")');
    expect(sg).toContain('@join__graph(name: "agreements", url: "https://a.internal/graphql")');
    expect(sg).toContain('@join__graph(name: "monitoring", url: "http://m:3/graphql")');
    expect(sg).not.toContain('127.0.0.1');
  });

  // A non-null root field that fails (its subgraph slow or down) nulls `data` for the whole
  // operation, taking the other subgraphs' fields with it (docs/api.md, partial data).
  it('has only nullable root query fields', () => {
    const query = parse(readCommittedSupergraph()).definitions.find(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query',
    );
    expect(query?.fields?.length).toBeGreaterThan(0);
    expect(query?.fields?.filter((f) => f.type.kind === Kind.NON_NULL_TYPE).map((f) => f.name.value)).toEqual([]);
  });

  it('refuses a supergraph that lacks a subgraph', () => {
    expect(() => withSubgraphUrls('enum join__Graph { A }', { questionnaire: 'x', agreements: 'y', monitoring: 'z' })).toThrow(/npm run supergraph/);
  });
});
