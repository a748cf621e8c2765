import { romeDaySql } from '@inps/kernel';
import type { DataSource } from 'typeorm';
import { qualifiedTable } from '../database/database.options';
import { tableMigration, type MigrationClass } from '../outbox/outbox.migrations';
import type { OutboxMessage } from '../outbox/outbox.types';

/** What is sent again on retry: the event as the producer wrote it, without its request id and trace context. */
type ParkedMessage = Pick<OutboxMessage, 'id' | 'type' | 'occurredOn' | 'payload' | 'aggregateId'>;

/**
 * The consumer's table of refused events; each service with `@EventHandler`s lists it among its
 * migrations (beside `processed_event`).
 */
export function createRefusedEventMigration(timestamp = 1_700_000_000_010): MigrationClass {
  return tableMigration('CreateRefusedEvent', timestamp, 'refused_event', {
    async up(runner, table) {
      await runner.query(`
        CREATE TABLE ${table} (
          event_id      uuid        PRIMARY KEY,
          event_type    text        NOT NULL,
          occurred_on   date        NOT NULL,
          message       jsonb       NOT NULL,
          error_code    text        NOT NULL,
          error_message text        NOT NULL,
          attempts      integer     NOT NULL,
          refused_on    date        NOT NULL,
          status        text        NOT NULL DEFAULT 'refused' CHECK (status IN ('refused', 'retried')),
          retried_on    date
        )`);
      await runner.query(`COMMENT ON TABLE ${table} IS 'Events given up after their last attempt, kept with days only to be sent again (decision 0027)'`);
    },
    async down(runner, table) {
      await runner.query(`DROP TABLE ${table}`);
    },
  });
}

/** The error's class (or its `code`) and message, without the stack, bounded. */
function describe(error: unknown): { code: string; message: string } {
  if (!(error instanceof Error)) return { code: 'Error', message: String(error).slice(0, 300) };
  const code = (error as { code?: unknown }).code;
  return { code: (typeof code === 'string' && code !== '' ? code : error.name).slice(0, 100), message: error.message.slice(0, 300) };
}

/**
 * Keeps an event given up after its last attempt, once per event id: parking it again (a retry that
 * failed again) updates the same row. Written outside the handler's transaction, which has rolled
 * back: `processed_event` has no row for it, so a retry applies it once.
 */
export async function parkRefusedEvent(dataSource: DataSource, message: OutboxMessage, error: unknown, attempts: number): Promise<void> {
  const { code, message: text } = describe(error);
  // Only what the producer wrote: the request id and trace context would tie the event to the
  // request's logs and spans, which carry instants.
  const kept: ParkedMessage = {
    id: message.id,
    type: message.type,
    occurredOn: message.occurredOn,
    payload: message.payload,
    ...(message.aggregateId === undefined ? {} : { aggregateId: message.aggregateId }),
  };
  await dataSource.query(
    `INSERT INTO ${qualifiedTable(dataSource, 'refused_event')}
       (event_id, event_type, occurred_on, message, error_code, error_message, attempts, refused_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, ${romeDaySql()})
     ON CONFLICT (event_id) DO UPDATE SET error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
       attempts = EXCLUDED.attempts, refused_on = EXCLUDED.refused_on, status = 'refused'`,
    [message.id, message.type, message.occurredOn, JSON.stringify(kept), code, text, attempts],
  );
}
