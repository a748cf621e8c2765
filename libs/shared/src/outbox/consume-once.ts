import { romeDaySql } from '@inps/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { qualifiedTable } from '../database/database.options';

/**
 * Applies an event's effect at most once per consumer: the (consumer, event id) row and the effect
 * commit in one transaction. A duplicate delivery finds the row and is skipped; two deliveries at
 * the same moment serialise on the primary key and the second one is skipped. Returns whether the
 * effect ran.
 */
export async function consumeOnce(
  dataSource: DataSource,
  consumer: string,
  event: { readonly id: string; readonly type: string },
  effect: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  const table = qualifiedTable(dataSource, 'processed_event');
  return dataSource.transaction(async (manager) => {
    const inserted = (await manager.query(
      `INSERT INTO ${table} (consumer, event_id, event_type) VALUES ($1, $2, $3) ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
      [consumer, event.id, event.type],
    )) as unknown[];
    if (inserted.length === 0) return false;
    await effect(manager);
    return true;
  });
}

/**
 * Forgets the events applied more than `keepDays` Rome days ago; returns how many. Keep them longer
 * than any producer keeps its published outbox rows (OutboxRelay `retentionDays`, 7 by default):
 * while a row is kept, a queue store that comes back empty gets it again, and this table is what
 * makes that second delivery a no-op.
 */
export async function purgeProcessedEvents(dataSource: DataSource, keepDays = 30): Promise<number> {
  const table = qualifiedTable(dataSource, 'processed_event');
  const [, count] = (await dataSource.query(`DELETE FROM ${table} WHERE processed_on < ${romeDaySql()} - $1::int`, [keepDays])) as [unknown, number];
  return count;
}
