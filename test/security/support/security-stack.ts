/**
 * Helpers of the security suite (test/security) besides the stack builder (test/support/stack.ts,
 * shared with the fault suite; startSecurityStack is re-exported here):
 *
 * - startLoggedStack: the same, with the services' (and their workers') log lines captured, for the
 *   scans of personal data.
 * - countingProxy: a tiny HTTP proxy in front of a service that counts what reaches it, to prove a
 *   request was refused before execution.
 * - database and Redis readers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { eventually as sharedEventually, testRedisUrl } from '@inps/shared';
import { Client } from 'pg';
import Redis from 'ioredis';
import type { ServiceOptions } from '../../../services/gateway/test/stack';
import type { UpstreamName } from '../../../services/gateway/src/upstreams/upstreams';
import { SERVICES, startSecurityStack, type SecurityStack } from '../../support/stack';

// The stack builder is test/support/stack.ts, shared with the fault suite; these names stay importable from here.
export { auth, isStandardError, SERVICES, startSecurityStack, type SecurityStack } from '../../support/stack';

/** Collects log lines (pino writes one JSON line per call). */
export class LogSink extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.lines.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((l) => l.trim() !== ''),
    );
    done();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/** The three services with their logs (and their workers') captured, on databases of ours. */
export function startLoggedStack(options: Partial<Record<UpstreamName, ServiceOptions>>, logs: LogSink): Promise<SecurityStack> {
  return startSecurityStack(Object.fromEntries(SERVICES.map((name) => [name, { ...options[name], logDestination: logs }])));
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
    const upstream = http.request({ hostname: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
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
    const { rows } = await c.query<{ s: string; t: string }>(
      `SELECT table_schema s, table_name t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND ${USER_SCHEMAS} ORDER BY 1, 2`,
    );
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

/**
 * @deprecated Use `eventually` from @inps/shared (the one poller); kept, with its 60 s default, for
 * tests written against it.
 * @public
 */
export function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  return sharedEventually(what, probe, { timeoutMs, everyMs: 250 }) as Promise<T>;
}
