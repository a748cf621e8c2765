import { Kind, parse, print, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
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

  // The same climb one level down: a non-null field that a subgraph adds to another subgraph's
  // entity (Organisation.returns) nulls the whole entity when that subgraph fails, and through the
  // non-null items of a list the list and the root field too, so the owner's data is lost.
  it("has only nullable fields contributed to another subgraph's entity", () => {
    const graphOf = (f: FieldDefinitionNode): string[] =>
      (f.directives ?? [])
        .filter((d) => d.name.value === 'join__field')
        .flatMap((d) => d.arguments?.filter((a) => a.name.value === 'graph').map((a) => print(a.value)) ?? []);
    const contributed = parse(readCommittedSupergraph()).definitions.flatMap((d) => {
      if (d.kind !== Kind.OBJECT_TYPE_DEFINITION || ['Query', 'Mutation', 'Subscription'].includes(d.name.value)) return [];
      if ((d.directives ?? []).filter((x) => x.name.value === 'join__type').length < 2) return [];
      // The owner is the subgraph that resolves most of the type's fields; the others contribute.
      const fields = (d.fields ?? []).map((field) => ({ field, graphs: graphOf(field) }));
      const counts = new Map<string, number>();
      for (const g of fields.flatMap((f) => f.graphs)) counts.set(g, (counts.get(g) ?? 0) + 1);
      const owner = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
      return fields
        .filter((f) => f.graphs.length > 0 && !f.graphs.includes(owner ?? ''))
        .map((f) => ({ name: `${d.name.value}.${f.field.name.value}`, nonNull: f.field.type.kind === Kind.NON_NULL_TYPE }));
    });
    expect(contributed.map((f) => f.name)).toEqual(expect.arrayContaining(['Organisation.returns', 'Territory.indicators', 'Territory.returns']));
    expect(contributed.filter((f) => f.nonNull).map((f) => f.name)).toEqual([]);
  });

  it('refuses a supergraph that lacks a subgraph', () => {
    expect(() => withSubgraphUrls('enum join__Graph { A }', { questionnaire: 'x', agreements: 'y', monitoring: 'z' })).toThrow(/npm run supergraph/);
  });
});
