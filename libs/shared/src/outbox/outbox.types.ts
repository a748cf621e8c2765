/** What travels on the queue for each outbox event (the job's data; the job name is `type`). */
export interface OutboxMessage<P = unknown> {
  /** The event id, also the BullMQ job id: a re-publish is deduplicated. */
  readonly id: string;
  readonly type: string;
  /** ISO 8601 instant. */
  readonly occurredAt: string;
  readonly aggregateId?: string;
  readonly payload: P;
}
