import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '../database/database.options';
import { migrationName, type MigrationClass } from '../outbox/outbox.migrations';

/**
 * Idempotency keys of POST requests, in the schema of the service that answers them. The scope is
 * the caller's organisation or role class, never the person: a key must not tie an operator to a
 * screening. Rows are kept 24 hours. Its default timestamp is later than every service migration of
 * 2026-11, so databases migrated before it existed take it as a new migration.
 */
export function createIdempotencyMigration(timestamp = 1_764_200_000_000): MigrationClass {
  const name = migrationName('CreateIdempotencyKey', timestamp);
  return class CreateIdempotencyKey implements MigrationInterface {
    readonly name = name;

    async up(runner: QueryRunner): Promise<void> {
      const table = qualifiedTable(runner.connection, 'idempotency_key');
      await runner.query(`
        CREATE TABLE ${table} (
          scope        text        NOT NULL,
          key          text        NOT NULL,
          fingerprint  bytea       NOT NULL,
          response     jsonb,
          created_at   timestamptz NOT NULL DEFAULT now(),
          completed_at timestamptz,
          PRIMARY KEY (scope, key)
        )`);
      await runner.query(`CREATE INDEX idempotency_key_created_idx ON ${table} (created_at)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${qualifiedTable(runner.connection, 'idempotency_key')}`);
    }
  };
}
