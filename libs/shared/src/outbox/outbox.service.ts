import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { qualifiedTable } from '../database/database.options';

/** Set on the transaction's query runner so the relay can be woken right after the commit. */
export const OUTBOX_PENDING = 'inps.outboxPending';

/**
 * Writes an event in the caller's transaction: it is published if and only if the business change
 * commits (docs/architecture.md §2.5).
 */
@Injectable()
export class OutboxService {
  /** Returns the event id. `manager` must be the transaction's EntityManager. */
  async enqueue<P>(manager: EntityManager, type: string, payload: P, aggregateId?: string): Promise<string> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('OutboxService.enqueue must be called with the EntityManager of an open transaction');
    }
    const id = randomUUID();
    await manager.query(`INSERT INTO ${qualifiedTable(manager.connection, 'outbox_event')} (id, type, aggregate_id, payload) VALUES ($1, $2, $3, $4::jsonb)`, [
      id,
      type,
      aggregateId ?? null,
      JSON.stringify(payload),
    ]);
    runner.data[OUTBOX_PENDING] = true;
    return id;
  }
}
