import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { readTestEnvironment } from '../config/test-env';
import { createDataSource } from '../database/database.module';
import type { DatabaseOptions, ServiceDatabase } from '../database/database.options';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database, disconnecting whoever is still on it. */
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database with a random name on the server of TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), so that test files running in parallel never share
 * tables. Empty, or, given a service's database (`from`), a copy of its migrated template: what the
 * service would have after running its migrations on an empty one, in a fraction of the time.
 */
export async function createTestDatabase(prefix = 'test', from?: ServiceDatabase): Promise<TestDatabase> {
  const { databaseUrl: adminUrl, runId } = readTestEnvironment();
  const name = `${prefix}_r${runId}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`.toLowerCase();
  if (from) await cloneTemplate(adminUrl, from, name);
  else await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * Migrated templates, one per service and version of its migrations: `tmpl_<schema>_<hash>`, the
 * hash taken over the migrations' names and code, so a changed migration makes a new template.
 * Shared by every test run on the server (several worktrees' runs at once): built once under an
 * advisory lock, then only cloned. A template of another hash unused for TEMPLATE_STALE_MS (another
 * branch's, or an old one) is dropped when a new one is built.
 */
const TEMPLATE_PREFIX = 'tmpl_';
const TEMPLATE_STALE_MS = 60 * 60 * 1000;
/** The templates this process has marked as used (once each: the mark is what keeps one alive). */
const touched = new Set<string>();

export function migrationsHash(database: ServiceDatabase): string {
  const hash = createHash('sha256').update(database.schema);
  for (const migration of database.migrations) {
    if (typeof migration === 'function') {
      hash.update(`\0${migration.name}\0${migration.toString()}`);
    } else {
      const own = Object.entries(migration).map(([k, v]) => `${k}=${typeof v === 'function' ? String(v) : JSON.stringify(v)}`);
      hash.update(`\0${migration.name ?? ''}\0${migration.constructor.toString()}\0${String(migration.up)}\0${String(migration.down)}\0${own.join('\0')}`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

export function templateName(database: ServiceDatabase): string {
  return `${TEMPLATE_PREFIX}${database.schema}_${migrationsHash(database)}`;
}

/** PostgreSQL's codes for "the template is gone" (dropped as stale meanwhile) and "it is in use". */
const RETRYABLE = new Set(['3D000', '55006']);

async function cloneTemplate(adminUrl: string, database: ServiceDatabase, name: string): Promise<void> {
  const template = templateName(database);
  for (let attempt = 1; ; attempt++) {
    await ensureTemplate(adminUrl, database, template);
    try {
      await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
      return;
    } catch (error) {
      if (attempt >= 5 || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function ensureTemplate(adminUrl: string, database: ServiceDatabase, template: string): Promise<void> {
  await withAdmin(adminUrl, async (c) => {
    // Session-level and keyed by name: two runs that need the same template build it once.
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (rowCount === 0) {
        await buildTemplate(c, adminUrl, database, template);
        await dropStaleTemplates(c, database.schema, template);
      }
      if (!touched.has(template)) {
        await c.query(`COMMENT ON DATABASE "${template}" IS '${Date.now()}'`);
        touched.add(template);
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
}

/** Migrates a database of this run's (global teardown removes it after a crash), then renames it. */
async function buildTemplate(c: Client, adminUrl: string, database: ServiceDatabase, template: string): Promise<void> {
  const building = `${TEMPLATE_PREFIX}build_r${readTestEnvironment().runId}_${randomBytes(4).toString('hex')}`;
  await c.query(`CREATE DATABASE "${building}"`);
  try {
    const dataSource = await createDataSource({ ...database, url: databaseUrl(adminUrl, building), migrate: true });
    await dataSource.destroy();
    // No connection may reach a template (autovacuum included): a clone needs it alone.
    await c.query(`ALTER DATABASE "${building}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    await c.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
  } catch (error) {
    await c.query(`ALTER DATABASE "${building}" WITH IS_TEMPLATE false`).catch(() => undefined);
    await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`).catch(() => undefined);
    throw error;
  }
}

async function dropStaleTemplates(c: Client, schema: string, current: string): Promise<void> {
  const { rows } = await c.query<{ datname: string; used: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS used FROM pg_database WHERE datname LIKE $1 AND datname <> $2`,
    [`${TEMPLATE_PREFIX}${schema}\\_%`, current],
  );
  for (const { datname, used } of rows) {
    if (!/^[0-9a-f]{16}$/.test(datname.slice(-16)) || Date.now() - Number(used ?? 0) < TEMPLATE_STALE_MS) continue;
    // Another run may be cloning it this moment: then it waits for the lock and retries on a new template.
    await c.query(`ALTER DATABASE "${datname}" WITH IS_TEMPLATE false`).catch(() => undefined);
    await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
}

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back: a test leaves nothing behind. */
export async function withRollback<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await dataSource.transaction(async (manager) => {
      result = await work(manager);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}

/**
 * TypeORM's queries that only remove what a database has beyond the entities. The migrations own
 * the schema and add what the entities do not repeat: CHECK, UNIQUE and foreign-key constraints,
 * indexes, defaults, columns no entity maps. A column whose type differs still shows, as the ADD
 * that follows its DROP, and a primary key that differs as its ADD CONSTRAINT.
 */
const REMOVES_DATABASE_ONLY = [
  /^ALTER TABLE \S+ DROP CONSTRAINT /,
  /^DROP INDEX /,
  /^ALTER TABLE \S+ ALTER COLUMN \S+ DROP DEFAULT$/,
  /^ALTER TABLE \S+ DROP COLUMN /,
];

/**
 * What TypeORM would still change in a freshly migrated database to make it match the entities:
 * a table, a column, its type, nullability or default, a primary key, an index or a constraint that
 * an entity declares and the migrations do not build. Empty when they agree. Runs every migration
 * on a database of its own.
 */
export async function migrationDrift(options: Omit<DatabaseOptions, 'url'>): Promise<string[]> {
  const database = await createTestDatabase(`drift_${options.schema}`);
  try {
    const dataSource = await createDataSource({ ...options, url: database.url, migrate: true });
    try {
      const sql = await dataSource.driver.createSchemaBuilder().log();
      return sql.upQueries.map((q) => q.query.trim()).filter((query) => !REMOVES_DATABASE_ONLY.some((pattern) => pattern.test(query)));
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await database.drop();
  }
}
