import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { UPSTREAM_NAMES, type UpstreamName } from '../upstreams/upstreams';

export interface SubgraphSdl {
  readonly name: UpstreamName;
  readonly sdl: string;
}

/** URLs written into the committed supergraph; the gateway replaces them with its configuration at start. */
const DEFAULT_SUBGRAPH_URLS: Readonly<Record<UpstreamName, string>> = {
  questionnaire: 'http://127.0.0.1:3001/graphql',
  agreements: 'http://127.0.0.1:3002/graphql',
  monitoring: 'http://127.0.0.1:3003/graphql',
};

/** Files under services/gateway/. */
export const SUPERGRAPH_FILE = 'supergraph.graphql';
export const subgraphFile = (name: UpstreamName): string => `subgraphs/${name}.graphql`;

export type Composition = { readonly ok: true; readonly supergraph: string } | { readonly ok: false; readonly errors: readonly string[] };

/** The same SDL whatever the line endings or trailing blanks a service printed. */
export function normaliseSdl(sdl: string): string {
  return `${sdl
    .replace(/\r\n/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim()}\n`;
}

/**
 * Composes with the MIT-licensed Guild composer (Federation up to 2.9, which libs/shared makes the
 * subgraphs declare). Subgraphs are composed in a fixed order so the output is reproducible.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): Composition {
  const ordered = [...subgraphs].sort((a, b) => UPSTREAM_NAMES.indexOf(a.name) - UPSTREAM_NAMES.indexOf(b.name));
  const result = composeServices(ordered.map((s) => ({ name: s.name, typeDefs: parse(s.sdl), url: DEFAULT_SUBGRAPH_URLS[s.name] })));
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return { ok: true, supergraph: normaliseSdl(result.supergraphSdl) };
}
