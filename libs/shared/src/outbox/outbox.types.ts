import type { TraceContext } from '../tracing/trace-context';

/** What travels on the queue for each outbox event (the job's data; the job name is `type`). */
export interface OutboxMessage<P = unknown> {
  /** The event id, also the BullMQ job id: a re-publish is deduplicated. */
  readonly id: string;
  readonly type: string;
  /** The Rome day it happened (YYYY-MM-DD); never the instant, which could identify a person. */
  readonly occurredOn: string;
  readonly aggregateId?: string;
  readonly payload: P;
  /**
   * The request that wrote the event (random, never from a person), so that the consumer's log
   * lines about it name that request. Absent for events written outside a request.
   */
  readonly requestId?: string;
  /** tracing: the context of the request that wrote the event, when tracing is on. */
  readonly traceContext?: TraceContext;
}
