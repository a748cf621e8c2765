import { tableMigration, type MigrationClass } from '../outbox/outbox.migrations';

/**
 * The trace context of the request that wrote an outbox event, kept only until the relay publishes
 * it (the relay clears it in the same UPDATE that marks the row published): beside a published
 * row that is kept 7 days it would tie the event (a screening's) to a trace with its timestamps.
 * NULL when tracing is off. Each producing service lists it after createOutboxDaysMigration().
 */
export function createOutboxTraceContextMigration(timestamp = 1_765_350_000_000): MigrationClass {
  return tableMigration('OutboxTraceContext', timestamp, 'outbox_event', {
    async up(runner, table) {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN trace_context jsonb`);
    },
    async down(runner, table) {
      await runner.query(`ALTER TABLE ${table} DROP COLUMN trace_context`);
    },
  });
}
