import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UPSTREAM_NAMES, type UpstreamUrls } from '../upstreams/upstreams';
import { SUPERGRAPH_FILE } from '../supergraph/compose';

/** services/gateway/supergraph.graphql, found from src/ (tests) or dist/ (run time). */
export function readCommittedSupergraph(): string {
  return readFileSync(join(__dirname, '..', '..', SUPERGRAPH_FILE), 'utf8');
}

/**
 * The committed supergraph with each subgraph's URL replaced by the configured one, so the same
 * file serves every environment. The URLs sit in `join__Graph` enum values:
 * `QUESTIONNAIRE @join__graph(name: "questionnaire", url: "http://…")`.
 */
export function withSubgraphUrls(supergraph: string, urls: UpstreamUrls): string {
  let out = supergraph;
  for (const name of UPSTREAM_NAMES) {
    const pattern = new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`);
    if (!pattern.test(out)) throw new Error(`the supergraph has no subgraph named ${name}: run npm run supergraph`);
    out = out.replace(pattern, `$1${JSON.stringify(`${urls[name]}/graphql`)}`);
  }
  return out;
}
