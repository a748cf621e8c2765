/**
 * Checks of docker-compose.yml without Docker: a JSON schema of the compose subset the file uses
 * (anything outside it is an error, so that a typo such as `depend_on` cannot pass), then the
 * semantics `docker compose up` would only reveal at run time.
 */
import Ajv from 'ajv';
import { parse } from 'yaml';

export type ComposeFile = { services: Record<string, ComposeService>; volumes?: Record<string, unknown> } & Record<string, unknown>;

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: string[];
  tmpfs?: string | string[];
  user?: string;
  read_only?: boolean;
  ports?: string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  cap_drop?: string[];
  security_opt?: string[];
}

const duration = { type: 'string', pattern: '^([0-9]+(ms|s|m|h))+$' };
const stringList = { type: 'array', items: { type: 'string' } };

/** The subset of the Compose Specification used here, closed (additionalProperties: false). */
const COMPOSE_SCHEMA = {
  type: 'object',
  required: ['services'],
  additionalProperties: false,
  patternProperties: { '^x-': {} },
  properties: {
    services: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        anyOf: [{ required: ['image'] }, { required: ['build'] }],
        properties: {
          image: { type: 'string', minLength: 1 },
          build: {
            type: 'object',
            additionalProperties: false,
            required: ['context'],
            properties: { context: { type: 'string' }, dockerfile: { type: 'string' }, target: { type: 'string' } },
          },
          command: { oneOf: [{ type: 'string' }, stringList] },
          environment: {
            oneOf: [
              { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
              { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(=.*)?$' } },
            ],
          },
          volumes: { type: 'array', items: { type: 'string', pattern: '^[^:]+:/[^:]*(:(ro|rw))?$' } },
          tmpfs: { oneOf: [{ type: 'string' }, stringList] },
          user: { type: 'string', pattern: '^[0-9]+(:[0-9]+)?$' },
          read_only: { type: 'boolean' },
          ports: { type: 'array', items: { type: 'string', pattern: '^([0-9.]+:)?[0-9]+:[0-9]+(/(tcp|udp))?$' } },
          depends_on: {
            oneOf: [
              stringList,
              {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['condition'],
                  properties: {
                    condition: { enum: ['service_started', 'service_healthy', 'service_completed_successfully'] },
                    restart: { type: 'boolean' },
                    required: { type: 'boolean' },
                  },
                },
              },
            ],
          },
          healthcheck: {
            type: 'object',
            additionalProperties: false,
            properties: {
              test: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 2 }] },
              interval: duration,
              timeout: duration,
              retries: { type: 'integer', minimum: 1 },
              start_period: duration,
              start_interval: duration,
              disable: { type: 'boolean' },
            },
          },
          restart: { enum: ['no', 'always', 'on-failure', 'unless-stopped'] },
          cap_drop: stringList,
          security_opt: stringList,
          stop_grace_period: duration,
        },
      },
    },
    volumes: { type: 'object', additionalProperties: { type: ['object', 'null'] } },
  },
} as const;

export function parseCompose(text: string): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/** `environment` as a map, `${VAR:-default}` resolved to its default (no shell here). */
function composeEnv(s: ComposeService): Record<string, string> {
  const out: Record<string, string> = {};
  const interpolate = (v: string): string => v.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_, d: string | undefined) => d ?? '');
  if (Array.isArray(s.environment)) {
    for (const e of s.environment) {
      const i = e.indexOf('=');
      if (i > 0) out[e.slice(0, i)] = interpolate(e.slice(i + 1));
    }
  } else if (s.environment) {
    for (const [k, v] of Object.entries(s.environment)) if (v !== null) out[k] = interpolate(String(v));
  }
  return out;
}

function dependencies(s: ComposeService): Record<string, string> {
  if (Array.isArray(s.depends_on)) return Object.fromEntries(s.depends_on.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([k, v]) => [k, v.condition ?? 'service_started']));
}

export interface ComposeExpectations {
  /** Service folders with an API (all), a worker (worker.ts) and migrations. */
  readonly apis: readonly string[];
  readonly workers: readonly string[];
  readonly migrated: readonly string[];
  /** Environment the image sets (Dockerfile ENV), under the compose environment. */
  readonly imageEnv: Readonly<Record<string, string>>;
  /** Validates a process's environment with its service's configuration; returns the problems. */
  readonly validateEnv: (service: string, env: Readonly<Record<string, string>>) => string[];
}

export function checkCompose(doc: ComposeFile, expect: ComposeExpectations): string[] {
  const problems: string[] = [];
  const ajv = new Ajv({ allErrors: true, strict: false });
  if (!ajv.validate(COMPOSE_SCHEMA, doc)) {
    for (const e of ajv.errors ?? [])
      problems.push(
        `compose schema: ${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
      );
  }
  const services = doc.services ?? {};
  const names = Object.keys(services);
  const completionTargets = new Set<string>();
  for (const s of Object.values(services))
    for (const [d, c] of Object.entries(dependencies(s))) if (c === 'service_completed_successfully') completionTargets.add(d);

  // Which container runs what: app containers are those choosing a SERVICE.
  const app = names.filter((n) => composeEnv(services[n] as ComposeService).SERVICE !== undefined);
  const roleOf = (n: string): { service: string; process: string } => {
    const env = { ...expect.imageEnv, ...composeEnv(services[n] as ComposeService) };
    return { service: env.SERVICE ?? '', process: env.PROCESS ?? 'api' };
  };

  for (const n of names) {
    const s = services[n] as ComposeService;
    for (const d of Object.keys(dependencies(s))) if (!services[d]) problems.push(`compose ${n}: depends_on ${d}, which is not a service`);
    const oneShot = completionTargets.has(n) || (app.includes(n) && roleOf(n).process === 'migrate');
    if (oneShot) {
      if (s.restart !== 'no') problems.push(`compose ${n}: a one-shot service needs restart: "no" (else it reruns forever)`);
      if (!completionTargets.has(n)) problems.push(`compose ${n}: nothing waits for this migration (depends_on ... condition: service_completed_successfully)`);
    } else if (!s.healthcheck || s.healthcheck.disable === true || !s.healthcheck.test) {
      problems.push(`compose ${n}: no healthcheck`);
    }
    if (s.ports && s.ports.length > 0 && !(app.includes(n) && roleOf(n).service === 'gateway')) problems.push(`compose ${n}: only the gateway publishes ports`);
  }

  for (const n of app) {
    const s = services[n] as ComposeService;
    const { service, process } = roleOf(n);
    if (s.read_only !== true) problems.push(`compose ${n}: read_only: true is missing`);
    const user = s.user?.split(':')[0];
    if (user === undefined || !/^\d+$/.test(user) || Number(user) === 0) problems.push(`compose ${n}: user must be a numeric non-root UID`);
    const tmpfs = Array.isArray(s.tmpfs) ? s.tmpfs : s.tmpfs ? [s.tmpfs] : [];
    if (!tmpfs.some((t) => t === '/tmp' || t.startsWith('/tmp:'))) problems.push(`compose ${n}: /tmp must be a tmpfs (the root filesystem is read-only)`);
    if (!(s.cap_drop ?? []).includes('ALL')) problems.push(`compose ${n}: cap_drop: [ALL] is missing`);
    const deps = dependencies(s);
    if (service !== 'gateway' && process !== 'migrate') {
      const migrate = app.find((m) => roleOf(m).service === service && roleOf(m).process === 'migrate');
      if (!migrate) problems.push(`compose ${n}: no migration service for ${service}`);
      else if (deps[migrate] !== 'service_completed_successfully')
        problems.push(`compose ${n}: must wait for ${migrate} (condition: service_completed_successfully)`);
    }
    const env = { ...expect.imageEnv, ...composeEnv(s) };
    for (const url of ['DATABASE_URL', 'REDIS_URL', 'QUESTIONNAIRE_URL', 'AGREEMENTS_URL', 'MONITORING_URL']) {
      const value = env[url];
      if (!value) continue;
      let host: string;
      try {
        host = new URL(value).hostname;
      } catch {
        continue;
      }
      if (!services[host]) problems.push(`compose ${n}: ${url} points at ${host}, which is not a service`);
      else if (!(host in deps)) problems.push(`compose ${n}: ${url} points at ${host} but does not depend on it`);
    }
    if (!expect.migrated.includes(service) && env.DATABASE_URL)
      problems.push(`compose ${n}: ${service} has no database and must not get DATABASE_URL (its credentials)`);
    for (const p of expect.validateEnv(service, env)) problems.push(`compose ${n}: ${p}`);
    if (env.AUTH_MODE === 'dev' && env.NODE_ENV !== 'development') problems.push(`compose ${n}: AUTH_MODE=dev must come with NODE_ENV=development`);
  }

  const has = (service: string, process: string): boolean => app.some((n) => roleOf(n).service === service && roleOf(n).process === process);
  for (const s of expect.apis) if (!has(s, 'api')) problems.push(`compose: no API container for ${s}`);
  for (const s of expect.workers) if (!has(s, 'worker')) problems.push(`compose: no worker container for ${s}`);
  for (const s of expect.migrated) if (!has(s, 'migrate')) problems.push(`compose: no migration container for ${s}`);
  const gateway = app.find((n) => roleOf(n).service === 'gateway' && roleOf(n).process === 'api');
  if (!gateway) problems.push('compose: no gateway');
  else {
    const s = services[gateway] as ComposeService;
    if (!(s.ports ?? []).some((p) => /(^|:)3000:3000(\/tcp)?$/.test(p))) problems.push('compose gateway: must publish port 3000');
    const deps = dependencies(s);
    for (const api of app.filter((n) => roleOf(n).process === 'api' && roleOf(n).service !== 'gateway')) {
      if (deps[api] !== 'service_healthy') problems.push(`compose gateway: must wait for ${api} to be healthy`);
    }
  }

  const pg = Object.entries(services).find(([, s]) => /^postgres(:|$)/.test(s.image ?? ''));
  if (!pg) problems.push('compose: no postgres service');
  else {
    const major = Number(/^postgres:(\d+)/.exec(pg[1].image ?? '')?.[1] ?? NaN);
    if (!(major >= 16)) problems.push(`compose ${pg[0]}: PostgreSQL 16 or later, with an explicit major tag (got ${pg[1].image})`);
  }
  const redis = Object.entries(services).find(([, s]) => /^redis(:|$)/.test(s.image ?? ''));
  if (!redis) problems.push('compose: no redis service');
  else {
    const cmd = Array.isArray(redis[1].command) ? redis[1].command.join(' ') : (redis[1].command ?? '');
    if (!/--appendonly\s+yes\b/.test(cmd)) problems.push(`compose ${redis[0]}: AOF must be on (--appendonly yes) so that queued jobs survive a restart`);
    if (!/--maxmemory-policy\s+noeviction\b/.test(cmd)) problems.push(`compose ${redis[0]}: BullMQ needs --maxmemory-policy noeviction`);
  }
  return problems;
}
