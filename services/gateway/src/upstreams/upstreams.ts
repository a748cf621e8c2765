import type { GatewayConfig } from '../gateway.config';

/** The services behind the gateway; the names are also the subgraph names in the supergraph. */
export const UPSTREAM_NAMES = ['questionnaire', 'agreements', 'monitoring'] as const;
export type UpstreamName = (typeof UPSTREAM_NAMES)[number];

/**
 * Which service owns each `/api/v1/<resource>`: the one table of REST routing. Resource names are
 * unique across services (docs/architecture.md §11). test/routing.spec.ts checks it against every path of the
 * services' live OpenAPI documents, so a new controller that is missing here fails the tests.
 */
export const RESOURCE_OWNERS: Readonly<Record<string, UpstreamName>> = {
  screenings: 'questionnaire',
  rulesets: 'questionnaire',
  agreements: 'agreements',
  organisations: 'agreements',
  territories: 'agreements',
  'inps-units': 'agreements',
  'outreach-events': 'agreements',
  'where-to-go': 'agreements',
  'mobile-unit-requests': 'agreements',
  referents: 'agreements',
  documents: 'agreements',
  'technical-tables': 'agreements',
  calendar: 'agreements',
  'api-keys': 'agreements',
  'follow-ups': 'monitoring',
  returns: 'monitoring',
  reports: 'monitoring',
  indicators: 'monitoring',
  outcomes: 'monitoring',
  'refused-events': 'monitoring',
};

export type UpstreamUrls = Readonly<Record<UpstreamName, string>>;

/** Base URLs without a trailing slash. */
export function upstreamUrls(config: Pick<GatewayConfig, 'QUESTIONNAIRE_URL' | 'AGREEMENTS_URL' | 'MONITORING_URL'>): UpstreamUrls {
  const trim = (u: string): string => u.replace(/\/+$/, '');
  return { questionnaire: trim(config.QUESTIONNAIRE_URL), agreements: trim(config.AGREEMENTS_URL), monitoring: trim(config.MONITORING_URL) };
}

/** The owner of `/api/v1/<resource>/...`, or undefined. */
export function ownerOfPath(path: string): UpstreamName | undefined {
  const match = /^\/api\/v1\/([^/?#]+)/.exec(path);
  if (!match) return undefined;
  const resource = match[1] as string;
  return Object.prototype.hasOwnProperty.call(RESOURCE_OWNERS, resource) ? RESOURCE_OWNERS[resource] : undefined;
}
