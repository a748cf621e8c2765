import { baseConfig, bool, byteSize, field, int, list, oneOf, optional, port, str, url, type ConfigField, type ConfigOf, type FieldResult } from '@inps/shared';

export const GATEWAY_RUNTIMES = ['hive', 'apollo'] as const;

const HTTP = ['http:', 'https:'];

/**
 * Exact origins (`https://app.example`, `http://localhost:5173`): a browser page on one of them may
 * call the API. A wildcard, a path or `null` is refused, so that no configuration can make the
 * gateway answer CORS for any page on the web.
 */
function origins(options: { readonly default: readonly string[] }): ConfigField<readonly string[]> {
  return field((raw): FieldResult<readonly string[]> => {
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const wrong = items.filter((item) => {
      try {
        const u = new URL(item);
        return !HTTP.includes(u.protocol) || u.origin !== item || item.includes('*');
      } catch {
        return true;
      }
    });
    if (wrong.length > 0) {
      return {
        ok: false,
        issue: `must list exact origins such as https://app.example (scheme, host, optional port; no path, no wildcard): ${wrong.length} ${wrong.length === 1 ? 'entry is' : 'entries are'} not`,
      };
    }
    return { ok: true, value: items };
  }, options);
}

/**
 * The gateway has no database of its own: it reads only what it routes to and how it limits
 * callers. REDIS_URL (from the base) backs the rate limits when set; it, or else QUEUE_DATABASE_URL
 * (or DATABASE_URL, as `npm start` gives it), is also the queue store the queue console reads.
 */
export const gatewayConfig = baseConfig.extend(
  {
    SERVICE_NAME: str({ default: 'gateway' }),
    PORT: port({ default: 3000 }),
    /** JSON bodies (REST and GraphQL). Document uploads are streamed and limited by the agreements service. */
    BODY_LIMIT: byteSize({ default: '1mb' }),
    /** Chosen by measurement (docs/decisions/0006-gateway-runtime.md). */
    GATEWAY_RUNTIME: oneOf(GATEWAY_RUNTIMES, { default: 'hive' }),
    QUESTIONNAIRE_URL: url({ default: 'http://127.0.0.1:3001', protocols: HTTP }),
    AGREEMENTS_URL: url({ default: 'http://127.0.0.1:3002', protocols: HTTP }),
    MONITORING_URL: url({ default: 'http://127.0.0.1:3003', protocols: HTTP }),
    /** A REST call that gets no answer headers in this time is a 504; GraphQL subgraph calls too. */
    UPSTREAM_TIMEOUT_MS: int({ default: 30_000, min: 100, max: 600_000 }),
    /** Connecting to a service that is down fails fast: this bounds the wait for the connection. */
    UPSTREAM_CONNECT_TIMEOUT_MS: int({ default: 2_000, min: 50, max: 60_000 }),
    /** Proxies in front of the gateway whose X-Forwarded-For is believed (Express `trust proxy` hop count). */
    TRUST_PROXY_HOPS: int({ default: 0, min: 0, max: 10 }),
    /** Origins allowed by CORS; empty (the default) allows no cross-origin browser call. https only in production. */
    CORS_ORIGINS: origins({ default: [] }),
    /**
     * After a 413 the rest of the body is read and dropped, up to this much, so that the client can
     * finish sending and read the answer; beyond it the connection is closed.
     */
    BODY_DRAIN_LIMIT: byteSize({ default: '8mb' }),
    /** Operations per minute per verified client (token or traded API key), and per address (anything else). */
    RATE_LIMIT_PER_MINUTE: int({ default: 600, min: 1 }),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: int({ default: 120, min: 1 }),
    /** Per caller for starting screenings and evaluating facts, REST and GraphQL together (anonymous, costly). */
    RATE_LIMIT_SCREENING_PER_MINUTE: int({ default: 30, min: 1 }),
    /** Per caller for resume-code lookups, REST and GraphQL together (each one is a guess at a code). */
    RATE_LIMIT_RESUME_CODE_PER_MINUTE: int({ default: 30, min: 1 }),
    /**
     * Per address: API keys the agreements service refused. Past it, a key the gateway does not
     * already know is refused (429) without asking the agreements service.
     */
    RATE_LIMIT_INVALID_API_KEYS_PER_MINUTE: int({ default: 10, min: 1 }),
    /**
     * The key every gateway derives the day's address-hashing secret from (security/ip-hasher.ts), so
     * that the per-address limits are one limit across replicas. Unset, each gateway draws its own and
     * an address gets the limit once per replica. A secret (e.g. `openssl rand -base64 32`), never in Redis.
     */
    RATE_LIMIT_ADDRESS_KEY: optional(str({ pattern: /^\S{32,256}$/, hint: '32 to 256 characters without spaces' })),
    /**
     * The longest a revoked API key, or a token traded for it, keeps working at the gateway
     * (docs/decisions/0011-api-key-revocation.md).
     */
    API_KEY_REVOCATION_SECONDS: int({ default: 5, min: 1, max: 60 }),
    /** Turns every limit off (local benchmarks only; refused in production). */
    RATE_LIMIT_ENABLED: bool({ default: true }),
    GRAPHQL_MAX_DEPTH: int({ default: 10, min: 1 }),
    GRAPHQL_MAX_ALIASES: int({ default: 15, min: 0 }),
    /** Every field costs 1, a list field multiplies what is below it by 10 (or its `first`/`limit`/`pageSize` argument). */
    GRAPHQL_MAX_COST: int({ default: 5_000, min: 1 }),
    /** Operations in one batched (array) request. */
    GRAPHQL_MAX_BATCH: int({ default: 5, min: 1 }),
    GRAPHQL_MAX_TOKENS: int({ default: 2_000, min: 10 }),
    /** Default: on except in production. */
    GRAPHQL_INTROSPECTION: oneOf(['auto', 'on', 'off'] as const, { default: 'auto' }),
    /** Seconds the merged OpenAPI document is kept before the services are asked again. */
    OPENAPI_CACHE_SECONDS: int({ default: 60, min: 0 }),
    /** The built web client served at `/` (apps/web/dist); empty: the one of this checkout or image. */
    WEB_DIR: str({ default: '' }),
    /**
     * Operator sign-in in the web client: the OpenID Connect issuer (a Keycloak realm URL) and its
     * public client. Both or neither; without them the web client asks for a pasted token (development).
     */
    WEB_OIDC_ISSUER: str({ default: '' }),
    WEB_OIDC_CLIENT_ID: str({ default: '', pattern: /^[\w.:-]{1,200}$/, hint: 'a client id (letters, digits, . _ : -)' }),
    /**
     * The queues the console at /admin/queues shows (names without QUEUE_PREFIX): every queue the
     * services declare (test/queue-console.spec.ts fails when one is missing).
     */
    QUEUE_CONSOLE_QUEUES: list({ default: ['events', 'questionnaire.housekeeping', 'agreements.scheduler', 'reports'] }),
    /** Lifetime of the console's session cookie (never beyond the token it was opened with). */
    QUEUE_CONSOLE_SESSION_SECONDS: int({ default: 900, min: 60, max: 3600 }),
  },
  (c) => [
    ...(c.NODE_ENV === 'production' && !c.RATE_LIMIT_ENABLED ? [{ variable: 'RATE_LIMIT_ENABLED', issue: 'cannot be false when NODE_ENV=production' }] : []),
    // Redis makes the limits shared; without the key the per-address ones would still be per replica.
    ...(c.NODE_ENV === 'production' && c.REDIS_URL !== undefined && c.RATE_LIMIT_ADDRESS_KEY === undefined
      ? [{ variable: 'RATE_LIMIT_ADDRESS_KEY', issue: 'must be set when REDIS_URL is and NODE_ENV=production (one per-address limit across gateways)' }]
      : []),
    ...(c.NODE_ENV === 'production' && c.CORS_ORIGINS.some((o) => !o.startsWith('https://'))
      ? [{ variable: 'CORS_ORIGINS', issue: 'may list only https origins when NODE_ENV=production' }]
      : []),
    ...webOidcIssues(c),
  ],
);

function webOidcIssues(c: { NODE_ENV: string; WEB_OIDC_ISSUER: string; WEB_OIDC_CLIENT_ID: string }): { variable: string; issue: string }[] {
  if (c.WEB_OIDC_ISSUER === '' && c.WEB_OIDC_CLIENT_ID === '') return [];
  if (c.WEB_OIDC_ISSUER === '') return [{ variable: 'WEB_OIDC_ISSUER', issue: 'must be set when WEB_OIDC_CLIENT_ID is' }];
  if (c.WEB_OIDC_CLIENT_ID === '') return [{ variable: 'WEB_OIDC_CLIENT_ID', issue: 'must be set when WEB_OIDC_ISSUER is' }];
  let issuer: URL;
  try {
    issuer = new URL(c.WEB_OIDC_ISSUER);
  } catch {
    return [{ variable: 'WEB_OIDC_ISSUER', issue: 'must be a URL' }];
  }
  if (!HTTP.includes(issuer.protocol) || issuer.search !== '' || issuer.hash !== '') {
    return [{ variable: 'WEB_OIDC_ISSUER', issue: 'must be an http(s) URL without query or fragment' }];
  }
  if (c.NODE_ENV === 'production' && issuer.protocol !== 'https:') return [{ variable: 'WEB_OIDC_ISSUER', issue: 'must be https when NODE_ENV=production' }];
  return [];
}

/** What the web client is told about operator sign-in (GET /web-config.json): public values only. */
export function webOidcOf(config: Pick<GatewayConfig, 'WEB_OIDC_ISSUER' | 'WEB_OIDC_CLIENT_ID'>): { issuer: string; clientId: string } | null {
  return config.WEB_OIDC_ISSUER === '' ? null : { issuer: config.WEB_OIDC_ISSUER.replace(/\/+$/, ''), clientId: config.WEB_OIDC_CLIENT_ID };
}

export type GatewayConfig = ConfigOf<typeof gatewayConfig>;

export function introspectionEnabled(config: Pick<GatewayConfig, 'GRAPHQL_INTROSPECTION' | 'NODE_ENV'>): boolean {
  if (config.GRAPHQL_INTROSPECTION === 'auto') return config.NODE_ENV !== 'production';
  return config.GRAPHQL_INTROSPECTION === 'on';
}
