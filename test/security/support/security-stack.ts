/**
 * Helpers of the security suite (test/security): what services/gateway/test/stack.ts does not offer.
 *
 * - startSecurityStack: the stack of stack.ts, but each service on a database this file creates (its
 *   URL passed as DATABASE_URL), so the tests can read the services' tables directly.
 * - startLoggedService: the same start as stack.ts's startService, but with the service's (and its
 *   worker's) log lines captured, for the scans of personal data.
 * - countingProxy: a tiny HTTP proxy in front of a service that counts what reaches it, to prove a
 *   request was refused before execution.
 * - database and Redis readers.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createTestDatabase, createTestTokens, testQueuePrefix, testRedisUrl, type ModuleLike, type TestDatabase, type TestTokens } from '@inps/shared';
import { Client } from 'pg';
import Redis from 'ioredis';
import { startStack, type RunningService, type ServiceOptions, type Stack } from '../../../services/gateway/test/stack';
import type { UpstreamName } from '../../../services/gateway/src/upstreams/upstreams';

export const SERVICES = ['questionnaire', 'agreements', 'monitoring'] as const;

export interface SecurityStack extends Stack {
  readonly databases: Readonly<Record<UpstreamName, string>>;
}

/** startStack with a database of ours for each service (dropped on close). */
export async function startSecurityStack(options: Partial<Record<UpstreamName, ServiceOptions>> = {}): Promise<SecurityStack> {
  const dbs: Partial<Record<UpstreamName, TestDatabase>> = {};
  try {
    for (const name of SERVICES) dbs[name] = await createTestDatabase(`sec_${name.slice(0, 1)}`);
    const withDb = Object.fromEntries(
      SERVICES.map((name) => [name, { ...options[name], env: { ...options[name]?.env, DATABASE_URL: (dbs[name] as TestDatabase).url } }]),
    ) as unknown as Record<UpstreamName, ServiceOptions>;
    const stack = await startStack(withDb);
    return {
      ...stack,
      databases: Object.fromEntries(SERVICES.map((n) => [n, (dbs[n] as TestDatabase).url])) as Record<UpstreamName, string>,
      close: async () => {
        await stack.close();
        await Promise.all(Object.values(dbs).map((d) => d?.drop().catch(() => undefined)));
      },
    };
  } catch (error) {
    await Promise.all(Object.values(dbs).map((d) => d?.drop().catch(() => undefined)));
    throw error;
  }
}

/** Collects log lines (pino writes one JSON line per call). */
export class LogSink extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.lines.push(...chunk.toString().split('\n').filter((l) => l.trim() !== ''));
    done();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/** A started service; the same shape as stack.ts's RunningService, with its database. */
export interface LoggedService {
  readonly name: UpstreamName;
  readonly url: string;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

interface SharedLib {
  createTestApp: typeof import('@inps/shared').createTestApp;
}
const GRAPHQL_STORES = ['GqlTypeMetadataStorage', 'GqlLazyMetadataStorageHost'] as const;

/**
 * stack.ts's startService, plus a log destination for the service and its worker (stack.ts does not
 * pass one through). Same isolation of @nestjs/graphql's global stores (see stack.ts).
 */
export async function startLoggedService(
  name: UpstreamName,
  tokens: TestTokens,
  options: ServiceOptions & { readonly databaseUrl: string },
  logs: LogSink,
): Promise<LoggedService> {
  const globals = global as unknown as Record<string, unknown>;
  const previous = GRAPHQL_STORES.map((k) => globals[k]);
  for (const k of GRAPHQL_STORES) delete globals[k];
  let running: LoggedService | undefined;
  try {
    await jest.isolateModulesAsync(async () => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const shared = require('@inps/shared') as SharedLib;
      const appModule = require(`../../../services/${name}/src/app.module`) as { AppModule: { forRoot(config: unknown, options?: unknown): ModuleLike } };
      const workerModule = options.worker
        ? (require(`../../../services/${name}/src/worker.module`) as { WorkerModule: { forRoot(config: unknown, options?: unknown): ModuleLike } })
        : undefined;
      const config = (require(`../../../services/${name}/src/${name}.config`) as Record<string, unknown>)[`${name}Config`];
      const extraContentTypes =
        name === 'agreements'
          ? (require('../../../services/agreements/src/modules/documents/document-format') as { DOCUMENT_CONTENT_TYPES: readonly string[] }).DOCUMENT_CONTENT_TYPES
          : undefined;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const env = {
        SERVICE_NAME: name,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: options.queuePrefix ?? testQueuePrefix(`sec-${name.slice(0, 1)}`),
        AUTH_DEV_PUBLIC_JWK: JSON.stringify(tokens.publicJwk),
        AUTH_ISSUER: tokens.issuer,
        AUTH_AUDIENCE: tokens.audience,
        PARTNER_TOKEN_SIGNING_JWK: JSON.stringify(tokens.signingJwk),
        DATABASE_URL: options.databaseUrl,
        ...options.env,
      };
      const moduleOptions = options.clock ? { clock: options.clock } : {};
      const t = await shared.createTestApp((c) => appModule.AppModule.forRoot(c, moduleOptions), {
        config: config as never,
        env,
        openApi: { title: `INPS per tutti: ${name}`, version: '1.0.0' },
        extraContentTypes,
        logDestination: logs,
      });
      let worker: { close(): Promise<void> } | undefined;
      try {
        if (workerModule) {
          worker = await shared.createTestApp((c) => workerModule.WorkerModule.forRoot(c, moduleOptions), { config: config as never, env, logDestination: logs });
        }
        await t.app.listen(0, '127.0.0.1');
      } catch (error) {
        await worker?.close().catch(() => undefined);
        await t.close().catch(() => undefined);
        throw error;
      }
      const { port } = (t.app.getHttpServer() as Server).address() as AddressInfo;
      running = {
        name,
        url: `http://127.0.0.1:${port}`,
        databaseUrl: options.databaseUrl,
        close: async () => {
          await worker?.close();
          await t.close();
        },
      };
    });
  } finally {
    GRAPHQL_STORES.forEach((k, i) => (previous[i] === undefined ? delete globals[k] : (globals[k] = previous[i])));
  }
  return running as LoggedService;
}

/** The three services with their logs captured, on databases of ours. */
export async function startLoggedStack(options: Partial<Record<UpstreamName, ServiceOptions>>, logs: LogSink): Promise<SecurityStack> {
  const tokens = await createTestTokens();
  const dbs: TestDatabase[] = [];
  const started: LoggedService[] = [];
  const databases: Partial<Record<UpstreamName, string>> = {};
  try {
    for (const name of SERVICES) {
      const db = await createTestDatabase(`sec_${name.slice(0, 1)}`);
      dbs.push(db);
      databases[name] = db.url;
      started.push(await startLoggedService(name, tokens, { ...options[name], databaseUrl: db.url }, logs));
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.close().catch(() => undefined)));
    await Promise.all(dbs.map((d) => d.drop().catch(() => undefined)));
    throw error;
  }
  const services = Object.fromEntries(started.map((s) => [s.name, s as RunningService])) as Record<UpstreamName, RunningService>;
  return {
    tokens,
    services,
    databases: databases as Record<UpstreamName, string>,
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
      await Promise.all(dbs.map((d) => d.drop().catch(() => undefined)));
    },
  };
}

export interface CountingProxy {
  readonly url: string;
  /** Requests received whose path starts with `prefix` (default: all). */
  count(prefix?: string): number;
  reset(): void;
  close(): Promise<void>;
}

/** Forwards everything to `target` and counts the requests that reached it. */
export async function countingProxy(target: string): Promise<CountingProxy> {
  const seen: string[] = [];
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const upstream = http.request(
      { hostname: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: (prefix = '') => seen.filter((u) => u.startsWith(prefix)).length,
    reset: () => void seen.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function withDb<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const USER_SCHEMAS = `table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_toast%'`;

/** Rows per table ("schema.table" → count) of a database. */
export async function rowCounts(url: string): Promise<Record<string, number>> {
  return withDb(url, async (c) => {
    const { rows } = await c.query<{ s: string; t: string }>(`SELECT table_schema s, table_name t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND ${USER_SCHEMAS} ORDER BY 1, 2`);
    const out: Record<string, number> = {};
    for (const r of rows) {
      const { rows: n } = await c.query<{ n: string }>(`SELECT count(*) n FROM "${r.s}"."${r.t}"`);
      out[`${r.s}.${r.t}`] = Number(n[0]?.n);
    }
    return out;
  });
}

export interface ColumnDump {
  readonly table: string;
  readonly column: string;
  readonly type: string;
  /** Every non-null value as text. */
  readonly values: string[];
}

/** Every text-like (text, varchar, char, json, jsonb, arrays) and timestamp column of every table, with its values. */
export async function dumpColumns(url: string): Promise<ColumnDump[]> {
  return withDb(url, async (c) => {
    const { rows } = await c.query<{ s: string; t: string; c: string; type: string }>(
      `SELECT c.table_schema s, c.table_name t, c.column_name c, c.data_type type
         FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE t.table_type = 'BASE TABLE' AND c.${USER_SCHEMAS}
          AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY') OR c.data_type LIKE 'timestamp%')
        ORDER BY 1, 2, 3`,
    );
    const out: ColumnDump[] = [];
    for (const r of rows) {
      const { rows: values } = await c.query<{ v: string }>(`SELECT "${r.c}"::text v FROM "${r.s}"."${r.t}" WHERE "${r.c}" IS NOT NULL`);
      out.push({ table: `${r.s}.${r.t}`, column: r.c, type: r.type, values: values.map((v) => v.v) });
    }
    return out;
  });
}

/** Every key containing `prefix` in Redis (BullMQ names them bull:<prefix>.<queue>:…), with its content as text (hash fields, list/set/zset members, strings, stream entries). */
export async function dumpRedis(prefix: string): Promise<{ key: string; text: string }[]> {
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0' && keys.length < 20_000);
    const out: { key: string; text: string }[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      let text = '';
      if (type === 'string') text = (await redis.get(key)) ?? '';
      else if (type === 'hash') text = JSON.stringify(await redis.hgetall(key));
      else if (type === 'list') text = JSON.stringify(await redis.lrange(key, 0, -1));
      else if (type === 'set') text = JSON.stringify(await redis.smembers(key));
      else if (type === 'zset') text = JSON.stringify(await redis.zrange(key, 0, -1));
      else if (type === 'stream') text = JSON.stringify(await redis.xrange(key, '-', '+'));
      out.push({ key, text });
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

export const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The standard error body: { error: { code, message } }. */
export function isStandardError(body: unknown): boolean {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return typeof e?.code === 'string' && e.code !== '' && typeof e.message === 'string';
}
