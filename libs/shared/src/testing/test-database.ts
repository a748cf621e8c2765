import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { readTestEnvironment } from '../config/test-env';
import { createDataSource } from '../database/database.module';
import type { DatabaseOptions } from '../database/database.options';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database, disconnecting whoever is still on it. */
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database with a random name on the server of TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), so that test files running in parallel never share
 * tables.
 */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const adminUrl = readTestEnvironment().databaseUrl;
  const name = `${prefix}_r${readTestEnvironment().runId}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
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
