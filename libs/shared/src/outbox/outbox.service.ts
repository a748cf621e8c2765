import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { qualifiedTable } from '../database/database.options';
import type { EventPayloads } from '../events/event-contracts';
import { currentTraceContext } from '../tracing/trace-context';

/** Set on the transaction's query runner so the relay can be woken right after the commit. */
export const OUTBOX_PENDING = 'inps.outboxPending';

/**
 * Writes an event in the caller's transaction: it is published if and only if the business change
 * commits (docs/architecture.md §2.5).
 *
 * Typed by the programme's event map: a type that is not in it, or a payload that is not that
 * type's, does not compile. The map is a parameter only so that this library's own tests can
 * publish events of their own; services inject it as it is.
 */
@Injectable()
export class OutboxService<M extends object = EventPayloads> {
  /** Returns the event id. `manager` must be the transaction's EntityManager. */
  async enqueue<T extends keyof M & string>(manager: EntityManager, type: T, payload: M[T], aggregateId?: string): Promise<string> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('OutboxService.enqueue must be called with the EntityManager of an open transaction');
    }
    const id = randomUUID();
    // tracing: trace_context stays NULL when tracing is off (createOutboxTraceContextMigration).
    const traceContext = currentTraceContext();
    await manager.query(
      `INSERT INTO ${qualifiedTable(manager.connection, 'outbox_event')} (id, type, aggregate_id, payload, trace_context) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`,
      [id, type, aggregateId ?? null, JSON.stringify(payload), traceContext ? JSON.stringify(traceContext) : null],
    );
    runner.data[OUTBOX_PENDING] = true;
    return id;
  }
}
