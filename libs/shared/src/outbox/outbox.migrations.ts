import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '../database/database.options';

export type MigrationClass = new () => MigrationInterface;

/** TypeORM orders migrations by the 13-digit timestamp ending their name. */
export function migrationName(base: string, timestamp: number): string {
  if (!Number.isInteger(timestamp) || String(timestamp).length !== 13) throw new Error(`Migration timestamp must have 13 digits: ${timestamp}`);
  return `${base}${timestamp}`;
}

/**
 * The outbox table, in the schema of the DataSource that runs it. Each producing service lists it
 * among its own migrations: `migrations: [createOutboxMigration(), ...own]`.
 */
export function createOutboxMigration(timestamp = 1_700_000_000_001): MigrationClass {
  const name = migrationName('CreateOutboxEvent', timestamp);
  return class CreateOutboxEvent implements MigrationInterface {
    readonly name = name;

    async up(runner: QueryRunner): Promise<void> {
      const table = qualifiedTable(runner.connection, 'outbox_event');
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
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${qualifiedTable(runner.connection, 'outbox_event')}`);
    }
  };
}

/** The consumer's deduplication table; each consuming service lists it among its migrations. */
export function createProcessedEventMigration(timestamp = 1_700_000_000_002): MigrationClass {
  const name = migrationName('CreateProcessedEvent', timestamp);
  return class CreateProcessedEvent implements MigrationInterface {
    readonly name = name;

    async up(runner: QueryRunner): Promise<void> {
      const table = qualifiedTable(runner.connection, 'processed_event');
      await runner.query(`
        CREATE TABLE ${table} (
          consumer      text        NOT NULL,
          event_id      uuid        NOT NULL,
          event_type    text        NOT NULL,
          processed_at  timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        )`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${qualifiedTable(runner.connection, 'processed_event')}`);
    }
  };
}
