import type { DataSource, Migration } from 'typeorm';
import { quoteIdent, schemaOf } from './database.options';

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock on a dedicated connection, so
 * that replicas starting together (or a migration Job and a pod) never run them twice: the second
 * waits, then finds nothing to do. The lock is per schema by default.
 */
export async function runMigrations(dataSource: DataSource, lockName = `inps:migrations:${schemaOf(dataSource)}`): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
    try {
      // The migrations table lives in the service schema, so the schema must exist first.
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schemaOf(dataSource))}`);
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
    }
  } finally {
    await runner.release();
  }
}
