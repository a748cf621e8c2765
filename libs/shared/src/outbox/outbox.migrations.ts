import { romeDaySql } from '@inps/kernel';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '../database/database.options';

export type MigrationClass = new () => MigrationInterface;

/** TypeORM orders migrations by the 13-digit timestamp ending their name. */
export function migrationName(base: string, timestamp: number): string {
  if (!Number.isInteger(timestamp) || String(timestamp).length !== 13) throw new Error(`Migration timestamp must have 13 digits: ${timestamp}`);
  return `${base}${timestamp}`;
}

/**
 * A migration of one of the library's own tables, in the schema of the DataSource that runs it (each
 * service lists the library's migrations among its own), given that table's qualified name.
 */
export function tableMigration(
  base: string,
  timestamp: number,
  table: string,
  steps: { up(runner: QueryRunner, table: string): Promise<void>; down(runner: QueryRunner, table: string): Promise<void> },
): MigrationClass {
  const name = migrationName(base, timestamp);
  return class implements MigrationInterface {
    readonly name = name;

    up(runner: QueryRunner): Promise<void> {
      return steps.up(runner, qualifiedTable(runner.connection, table));
    }

    down(runner: QueryRunner): Promise<void> {
      return steps.down(runner, qualifiedTable(runner.connection, table));
    }
  };
}

/**
 * The outbox table, in the schema of the DataSource that runs it. Each producing service lists it
 * among its own migrations: `migrations: [createOutboxMigration(), ...own]`.
 */
export function createOutboxMigration(timestamp = 1_700_000_000_001): MigrationClass {
  return tableMigration('CreateOutboxEvent', timestamp, 'outbox_event', {
    async up(runner, table) {
      await runner.query(`
        CREATE TABLE ${table} (
          id            uuid        PRIMARY KEY,
          seq           bigint      GENERATED ALWAYS AS IDENTITY,
          type          text        NOT NULL,
          aggregate_id  text,
          payload       jsonb       NOT NULL,
          occurred_at   timestamptz NOT NULL DEFAULT now(),
          published_at  timestamptz,
          attempts      integer     NOT NULL DEFAULT 0,
          last_error    text
        )`);
      // The relay only ever reads unpublished rows: keep that index small.
      await runner.query(`CREATE INDEX outbox_event_unpublished_idx ON ${table} (seq) WHERE published_at IS NULL`);
      await runner.query(`COMMENT ON TABLE ${table} IS 'Transactional outbox: events written with the business change, relayed to BullMQ'`);
    },
    async down(runner, table) {
      await runner.query(`DROP TABLE ${table}`);
    },
  });
}

/** The consumer's deduplication table; each consuming service lists it among its migrations. */
export function createProcessedEventMigration(timestamp = 1_700_000_000_002): MigrationClass {
  return tableMigration('CreateProcessedEvent', timestamp, 'processed_event', {
    async up(runner, table) {
      await runner.query(`
        CREATE TABLE ${table} (
          consumer      text        NOT NULL,
          event_id      uuid        NOT NULL,
          event_type    text        NOT NULL,
          processed_at  timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        )`);
    },
    async down(runner, table) {
      await runner.query(`DROP TABLE ${table}`);
    },
  });
}

/**
 * Days, not instants (docs/architecture.md §2.2): an outbox row carries the event's payload (a completed
 * screening, say), and an exact time beside it could tie it to a person seen at a desk at 12:03.
 * `occurred_on` is the Rome day; `published_to` replaces `published_at` and names the queue store
 * epoch the event went to (NULL while pending), so that a store that came back empty is noticed and
 * what it held is published again (OutboxRelay).
 */
export function createOutboxDaysMigration(timestamp = 1_764_900_000_000): MigrationClass {
  return tableMigration('OutboxDays', timestamp, 'outbox_event', {
    async up(runner, table) {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN occurred_on date, ADD COLUMN published_to text`);
      // Rows published before epochs existed are sent once more; consumers dedupe by event id.
      await runner.query(
        `UPDATE ${table} SET occurred_on = ${romeDaySql('occurred_at')}, published_to = CASE WHEN published_at IS NULL THEN NULL ELSE 'before-epochs' END`,
      );
      await runner.query(`ALTER TABLE ${table} ALTER COLUMN occurred_on SET NOT NULL, ALTER COLUMN occurred_on SET DEFAULT ${romeDaySql()}`);
      await runner.query(`DROP INDEX IF EXISTS ${qualifiedTable(runner.connection, 'outbox_event_unpublished_idx')}`);
      await runner.query(`ALTER TABLE ${table} DROP COLUMN occurred_at, DROP COLUMN published_at`);
      await runner.query(`CREATE INDEX outbox_event_pending_idx ON ${table} (seq) WHERE published_to IS NULL`);
    },
    async down(runner, table) {
      await runner.query(`DROP INDEX IF EXISTS ${qualifiedTable(runner.connection, 'outbox_event_pending_idx')}`);
      await runner.query(`ALTER TABLE ${table} ADD COLUMN occurred_at timestamptz NOT NULL DEFAULT now(), ADD COLUMN published_at timestamptz`);
      await runner.query(
        `UPDATE ${table} SET occurred_at = occurred_on::timestamptz, published_at = CASE WHEN published_to IS NULL THEN NULL ELSE occurred_on::timestamptz END`,
      );
      await runner.query(`ALTER TABLE ${table} DROP COLUMN occurred_on, DROP COLUMN published_to`);
      await runner.query(`CREATE INDEX outbox_event_unpublished_idx ON ${table} (seq) WHERE published_at IS NULL`);
    },
  });
}

/**
 * The consumer's memory of an event keeps the Rome day it was applied, not the instant: joined on
 * the event id with what the event recorded, an instant would time the screening to the second.
 */
export function createProcessedEventDaysMigration(timestamp = 1_764_900_000_001): MigrationClass {
  return tableMigration('ProcessedEventDays', timestamp, 'processed_event', {
    async up(runner, table) {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN processed_on date`);
      await runner.query(`UPDATE ${table} SET processed_on = ${romeDaySql('processed_at')}`);
      await runner.query(
        `ALTER TABLE ${table} ALTER COLUMN processed_on SET NOT NULL, ALTER COLUMN processed_on SET DEFAULT ${romeDaySql()}, DROP COLUMN processed_at`,
      );
    },
    async down(runner, table) {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN processed_at timestamptz NOT NULL DEFAULT now()`);
      await runner.query(`UPDATE ${table} SET processed_at = processed_on::timestamptz`);
      await runner.query(`ALTER TABLE ${table} DROP COLUMN processed_on`);
    },
  });
}

/**
 * The request that wrote an event, carried to its consumer (OutboxMessage.requestId) so that log
 * lines on both sides name the same request. Cleared when the row is published: a row kept for
 * re-publication then names no request, whose log lines carry the time it was served.
 */
export function createOutboxRequestIdMigration(timestamp = 1_765_600_000_000): MigrationClass {
  return tableMigration('OutboxRequestId', timestamp, 'outbox_event', {
    async up(runner, table) {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN request_id text`);
    },
    async down(runner, table) {
      await runner.query(`ALTER TABLE ${table} DROP COLUMN request_id`);
    },
  });
}
