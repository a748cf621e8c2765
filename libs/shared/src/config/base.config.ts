import { join } from 'node:path';
import { defineConfig, type ConfigOf } from './config.definition';
import type { ConfigProblem } from './config.error';
import { bool, byteSize, int, jsonObject, list, oneOf, optional, port, str, url } from './config.field';
import { findRepoRoot } from './repo-root';
import { TRACING_FIELDS } from '../tracing/tracing.config';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const AUTH_MODES = ['jwks', 'dev'] as const;
/** Asymmetric algorithms only: a shared-secret (HS*) or unsigned (`none`) token is never accepted. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

const POSTGRES_PROTOCOLS = ['postgres:', 'postgresql:'];

/** Variables every service reads. A service extends this with `baseConfig.extend({...})`. */
export const baseConfig = defineConfig(
  {
    NODE_ENV: oneOf(NODE_ENVS, { default: 'development' }),
    SERVICE_NAME: str({ pattern: /^[a-z][a-z0-9-]*$/, hint: 'lower-case letters, digits and dashes' }),
    PORT: port({ default: 3000 }),
    HOST: str({ default: '0.0.0.0' }),
    /** Absent: an embedded PostgreSQL under DATA_DIR (one `npm start` needs nothing else). */
    DATABASE_URL: optional(url({ protocols: POSTGRES_PROTOCOLS })),
    /** Run pending migrations at start (under an advisory lock). Off when a migration Job does it. */
    DATABASE_MIGRATE: bool({ default: true }),
    DATA_DIR: str({ default: join(findRepoRoot(), '.data') }),
    EMBEDDED_DB_PORT: port({ default: 5433 }),
    /** Absent: BullMQ runs on PostgreSQL (QUEUE_DATABASE_URL, else the service database). */
    REDIS_URL: optional(url({ protocols: ['redis:', 'rediss:'] })),
    QUEUE_DATABASE_URL: optional(url({ protocols: POSTGRES_PROTOCOLS })),
    /**
     * Connections each process may hold for its own queries (TypeORM's pool). Every replica holds up
     * to this many: size it so that all replicas together stay under the server's max_connections
     * (docs/deployment.md, "Connections").
     */
    DATABASE_POOL_SIZE: int({ default: 10, min: 1, max: 200 }),
    /**
     * Without Redis, BullMQ's PostgreSQL backend opens one pool per queue, worker and event listener,
     * each of up to this many connections, plus one LISTEN connection per worker and listener.
     */
    QUEUE_DATABASE_POOL_SIZE: int({ default: 4, min: 1, max: 50 }),
    QUEUE_PREFIX: str({ default: 'inps', pattern: /^[a-z0-9][a-z0-9_-]*$/i, hint: 'letters, digits, _ and -' }),
    LOG_LEVEL: oneOf(LOG_LEVELS, { default: 'info' }),
    BODY_LIMIT: byteSize({ default: '100kb' }),
    /**
     * After SIGTERM the HTTP server goes on accepting this long (readiness 503) before it stops
     * listening: connections already queued by the kernel, and what a load balancer sends before it
     * notices, are served instead of reset. Behind Kubernetes, about the endpoints' propagation time.
     */
    SHUTDOWN_ACCEPT_MS: int({ default: 1000, min: 0, max: 60_000 }),
    /** Prometheus series: recorded and served on /metrics (docs/operations.md, "Metrics"). Off: nothing is recorded. */
    METRICS_ENABLED: bool({ default: true }),
    /**
     * A worker's side port (/metrics, /health/live, /health/ready) and the gateway's management port
     * (/metrics). 0: a free port, logged at start (development, tests); the manifests set 9464.
     */
    METRICS_PORT: port({ default: 0 }),
    AUTH_MODE: oneOf(AUTH_MODES, { default: 'dev' }),
    AUTH_JWKS_URL: optional(url({ protocols: ['https:', 'http:'] })),
    /** Required in jwks mode; in dev mode defaults to the local development issuer. */
    AUTH_ISSUER: optional(str()),
    AUTH_AUDIENCE: str({ default: 'inps-per-tutti' }),
    AUTH_ALGORITHMS: list({ default: ['RS256', 'ES256'], allowed: ASYMMETRIC_ALGORITHMS }),
    /** Dotted claim paths read in order; Keycloak puts realm roles in realm_access.roles. */
    AUTH_ROLES_CLAIM: list({ default: ['realm_access.roles', 'roles'] }),
    AUTH_ORG_CLAIM: str({ default: 'org' }),
    AUTH_TERRITORIES_CLAIM: str({ default: 'territories' }),
    AUTH_CLOCK_TOLERANCE_SECONDS: int({ default: 30, min: 0, max: 300 }),
    /** Dev mode: the public key (JWK) tokens are checked with; absent, the key file under DATA_DIR. */
    AUTH_DEV_PUBLIC_JWK: optional(jsonObject()),
    /**
     * Partner apps trade an API key for a short-lived token signed by the agreements service under
     * this issuer. Such tokens are only ever accepted with the partner_app role.
     */
    AUTH_PARTNER_ISSUER: str({ default: 'urn:inps-per-tutti:partner-apps' }),
    /** jwks mode: where the agreements service publishes the partner-app key; absent, partner-app tokens are refused. */
    AUTH_PARTNER_JWKS_URL: optional(url({ protocols: ['https:', 'http:'] })),
    // tracing: OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_SAMPLER_ARG, OTEL_SERVICE_NAME (libs/shared/src/tracing)
    ...TRACING_FIELDS,
  },
  (c) => {
    const problems: ConfigProblem[] = [];
    if (c.NODE_ENV === 'production' && c.AUTH_MODE === 'dev') {
      problems.push({
        variable: 'AUTH_MODE',
        issue: 'is dev, which is refused when NODE_ENV=production: set AUTH_MODE=jwks with AUTH_JWKS_URL and AUTH_ISSUER',
      });
    }
    if (c.AUTH_MODE === 'jwks') {
      if (c.AUTH_JWKS_URL === undefined) problems.push({ variable: 'AUTH_JWKS_URL', issue: 'is required when AUTH_MODE=jwks' });
      if (c.AUTH_ISSUER === undefined) problems.push({ variable: 'AUTH_ISSUER', issue: 'is required when AUTH_MODE=jwks' });
    }
    return problems;
  },
);

export type BaseConfig = ConfigOf<typeof baseConfig>;

/** After start-up the database is known even when it is the embedded one. */
export type Resolved<C extends BaseConfig> = C & { readonly DATABASE_URL: string };
