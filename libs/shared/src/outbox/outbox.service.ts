import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { qualifiedTable } from '../database/database.options';
import type { EventPayloads } from '../events/event-contracts';
import { currentRequestId } from '../logging/request-context';
import { OutboxRelay } from './outbox.relay';
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
  constructor(@Optional() @Inject(OutboxRelay) private readonly relay?: OutboxRelay) {}

  /**
   * Runs `statement` (an INSERT, UPDATE or DELETE of at most one row, without RETURNING) and writes
   * the event in the same SQL statement, only if the statement changed its row: one round trip to the
   * database instead of the four of a transaction (BEGIN, the change, the event, COMMIT), and as
   * atomic, since a statement is. The event's parameters follow the statement's. Returns whether the
   * row changed (and so whether the event was written); the relay is woken when it was.
   */
  async enqueueWith<T extends keyof M & string>(
    manager: EntityManager,
    statement: string,
    parameters: readonly unknown[],
    type: T,
    payload: M[T],
    aggregateId?: string,
  ): Promise<boolean> {
    const n = parameters.length;
    const traceContext = currentTraceContext();
    const rows = (await manager.query(
      `WITH changed AS (${statement} RETURNING 1)
       INSERT INTO ${qualifiedTable(manager.connection, 'outbox_event')} (id, type, aggregate_id, payload, request_id, trace_context)
       SELECT $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}::jsonb, $${n + 5}, $${n + 6}::jsonb FROM (SELECT 1 FROM changed LIMIT 1) AS c RETURNING id`,
      [
        ...parameters,
        randomUUID(),
        type,
        aggregateId ?? null,
        JSON.stringify(payload),
        currentRequestId() ?? null,
        traceContext ? JSON.stringify(traceContext) : null,
      ],
    )) as unknown[];
    if (rows.length !== 1) return false;
    // Inside a caller's transaction the commit wakes the relay (OutboxCommitSubscriber); alone, this statement has committed.
    if (manager.queryRunner?.isTransactionActive) {
      manager.queryRunner.data[OUTBOX_PENDING] = true;
    } else this.relay?.trigger();
    return true;
  }

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
      `INSERT INTO ${qualifiedTable(manager.connection, 'outbox_event')} (id, type, aggregate_id, payload, request_id, trace_context) VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb)`,
      [id, type, aggregateId ?? null, JSON.stringify(payload), currentRequestId() ?? null, traceContext ? JSON.stringify(traceContext) : null],
    );
    runner.data[OUTBOX_PENDING] = true;
    return id;
  }
}
