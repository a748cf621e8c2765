import { readCommittedSupergraph, withSubgraphUrls } from './supergraph.loader';

describe('supergraph loader', () => {
  it('replaces every subgraph URL with the configured one', () => {
    const sg = withSubgraphUrls(readCommittedSupergraph(), { questionnaire: 'http://q:1', agreements: 'https://a.internal', monitoring: 'http://m:3' });
    expect(sg).toContain('@join__graph(name: "questionnaire", url: "http://q:1/graphql")');
    expect(sg).toContain('@join__graph(name: "agreements", url: "https://a.internal/graphql")');
    expect(sg).toContain('@join__graph(name: "monitoring", url: "http://m:3/graphql")');
    expect(sg).not.toContain('127.0.0.1');
  });

  it('refuses a supergraph that lacks a subgraph', () => {
    expect(() => withSubgraphUrls('enum join__Graph { A }', { questionnaire: 'x', agreements: 'y', monitoring: 'z' })).toThrow(/npm run supergraph/);
  });
});
