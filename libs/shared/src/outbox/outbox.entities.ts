import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The producer's outbox; rows are written in the business transaction and moved to the queue by
 * the relay. Lives in the producing service's schema. Add the entity to the DataSource only to
 * query it with repositories; the library itself uses SQL.
 */
@Entity({ name: 'outbox_event' })
export class OutboxEventEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Insertion order, so that events of one transaction are published in the order written. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column('text')
  type: string;

  @Column({ type: 'text', name: 'aggregate_id', nullable: true })
  aggregateId: string | null;

  @Column('jsonb')
  payload: unknown;

  /** Rome day (ISO), never the instant: the payload may describe a screening. */
  @Column({ type: 'date', name: 'occurred_on' })
  occurredOn: string;

  /** The queue store epoch the event was published to; NULL while pending. */
  @Column({ type: 'text', name: 'published_to', nullable: true })
  publishedTo: string | null;

  /** The request that wrote the event, until it is published (then NULL: a kept row names no request). */
  @Column({ type: 'text', name: 'request_id', nullable: true })
  requestId: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError: string | null;

  /** tracing: until published only (createOutboxTraceContextMigration). */
  @Column({ type: 'jsonb', name: 'trace_context', nullable: true })
  traceContext: unknown;
}

/** The consumer's memory of the events it applied, one row per (consumer, event). */
@Entity({ name: 'processed_event' })
export class ProcessedEventEntity {
  @PrimaryColumn('text')
  consumer: string;

  @PrimaryColumn({ type: 'uuid', name: 'event_id' })
  eventId: string;

  @Column({ type: 'text', name: 'event_type' })
  eventType: string;

  @Column({ type: 'date', name: 'processed_on' })
  processedOn: string;
}
