import { romeDaySql } from '@inps/kernel';
import { qualifiedTable } from '../database/database.options';
import { tableMigration, type MigrationClass } from '../outbox/outbox.migrations';

/**
 * Idempotency keys of POST requests, in the schema of the service that answers them. The scope is
 * the caller's organisation or role class, never the person: a key must not tie an operator to a
 * screening. Rows are kept until the end of the next day (createIdempotencyDaysMigration). Its
 * default timestamp is later than every service migration of 2026-11, so databases migrated before
 * it existed take it as a new migration.
 */
export function createIdempotencyMigration(timestamp = 1_764_200_000_000): MigrationClass {
  return tableMigration('CreateIdempotencyKey', timestamp, 'idempotency_key', {
    async up(runner, table) {
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
    },
    async down(runner, table) {
      await runner.query(`DROP TABLE ${table}`);
    },
  });
}

/**
 * A remembered answer can name a screening (a follow-up's `screeningId`), so once a request is done
 * its row keeps only the Rome day it was made (`created_on`, for expiry), not instants: the exact
 * start (`started_at`) is kept only while the request runs, to tell a running request from one whose
 * process died, and is cleared with the answer.
 */
export function createIdempotencyDaysMigration(timestamp = 1_764_900_000_002): MigrationClass {
  return tableMigration('IdempotencyDays', timestamp, 'idempotency_key', {
    async up(runner, table) {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN created_on date, ADD COLUMN started_at timestamptz`);
      await runner.query(`UPDATE ${table} SET created_on = ${romeDaySql('created_at')}, started_at = CASE WHEN completed_at IS NULL THEN created_at END`);
      await runner.query(`ALTER TABLE ${table} ALTER COLUMN created_on SET NOT NULL, ALTER COLUMN created_on SET DEFAULT ${romeDaySql()}`);
      await runner.query(`ALTER TABLE ${table} DROP COLUMN created_at, DROP COLUMN completed_at`);
      await runner.query(`CREATE INDEX idempotency_key_created_on_idx ON ${table} (created_on)`);
    },
    async down(runner, table) {
      await runner.query(`DROP INDEX IF EXISTS ${qualifiedTable(runner.connection, 'idempotency_key_created_on_idx')}`);
      await runner.query(`ALTER TABLE ${table} ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(), ADD COLUMN completed_at timestamptz`);
      await runner.query(
        `UPDATE ${table} SET created_at = coalesce(started_at, created_on::timestamptz), completed_at = CASE WHEN response IS NOT NULL THEN created_on::timestamptz END`,
      );
      await runner.query(`ALTER TABLE ${table} DROP COLUMN created_on, DROP COLUMN started_at`);
      await runner.query(`CREATE INDEX idempotency_key_created_idx ON ${table} (created_at)`);
    },
  });
}

/**
 * Remembered answers sealed with the caller's key (decision 0015): the key itself goes, the row is
 * found by `key_hash` (HKDF of the key and the scope), and the answer is `sealed_response`
 * (AES-256-GCM), no longer JSON in clear. The rows already there held keys and answers in clear, a
 * start's resume code among them: they are deleted, not converted (they cannot be: sealing needs the
 * key, which is what must not stay). They would have expired within 2 days anyway; a retry of a
 * request answered before the migration runs again.
 */
export function createIdempotencySealedMigration(timestamp = 1_765_200_000_000): MigrationClass {
  return tableMigration('IdempotencySealed', timestamp, 'idempotency_key', {
    async up(runner, table) {
      await runner.query(`DELETE FROM ${table}`);
      await runner.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT idempotency_key_pkey,
          DROP COLUMN key,
          DROP COLUMN response,
          ADD COLUMN key_hash bytea NOT NULL,
          ADD COLUMN sealed_response bytea,
          ADD PRIMARY KEY (scope, key_hash)`);
    },
    async down(runner, table) {
      await runner.query(`DELETE FROM ${table}`);
      await runner.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT idempotency_key_pkey,
          DROP COLUMN key_hash,
          DROP COLUMN sealed_response,
          ADD COLUMN key text NOT NULL,
          ADD COLUMN response jsonb,
          ADD PRIMARY KEY (scope, key)`);
    },
  });
}
