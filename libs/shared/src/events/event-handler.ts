import type { OutboxMessage } from '../outbox/outbox.types';
import { addHandlerMetadata, handlerMetadataOf } from '../queue/job-handler';
import type { QueueDeclaration } from '../queue/jobs';
import type { EventPayloads, EventType } from './event-contracts';

/** An event as its handler gets it: the outbox message, its payload parsed. */
export interface DeliveredEvent<T extends EventType = EventType, P = EventPayloads[T]> extends OutboxMessage<P> {
  readonly type: T;
}

/**
 * Checks a payload that came from another process and returns it typed, or throws: the only way a
 * handler gets a payload. It may return a narrower type than the map's (a field the consumer
 * requires, say), never another one.
 */
export type EventParser<T extends EventType, P extends EventPayloads[T] = EventPayloads[T]> = (payload: unknown) => P;

/**
 * Marks a provider method as a consumer of one event type (repeat it for several types) on the
 * queue its producers publish to. `JobsModule.forWorker()` runs a worker on that queue and calls
 * the method with each event of that type, parsed by `parse`; types no handler wants are
 * completed without effect, since several services publish to one queue. The method's parameter
 * must accept what the parser returns (compile error otherwise); make its effect once-only
 * (`consumeOnce`): an event may be delivered more than once.
 */
export function EventHandler<T extends EventType, P extends EventPayloads[T]>(queue: QueueDeclaration, type: T, parse: EventParser<T, P>) {
  return <F extends (event: DeliveredEvent<T, P>) => Promise<unknown>>(
    prototype: object,
    method: string | symbol,
    _descriptor: TypedPropertyDescriptor<F>,
  ): void => {
    addHandlerMetadata(prototype, { kind: 'event', method, queue, type, parse });
  };
}

/**
 * Parses an event and calls each handler `consumer` declares for its type, as the worker does;
 * resolves to the last handler's result, or undefined when none wants the type. For benchmarks and
 * tests that feed a consumer directly.
 */
export async function dispatchEvent(consumer: object, event: OutboxMessage): Promise<unknown> {
  let result: unknown = undefined;
  for (const h of handlerMetadataOf(consumer.constructor)) {
    if (h.kind !== 'event' || h.type !== event.type) continue;
    result = await callEventHandler(consumer, h.method, h.parse, event);
  }
  return result;
}

/** A malformed payload is refused whole: the parser throws before the handler sees anything. */
export async function callEventHandler(
  consumer: object,
  method: string | symbol,
  parse: (payload: unknown) => unknown,
  event: OutboxMessage,
): Promise<unknown> {
  const delivered: OutboxMessage = { ...event, payload: parse(event.payload) };
  const fn = (consumer as Record<string | symbol, (event: OutboxMessage) => Promise<unknown>>)[method];
  return fn.call(consumer, delivered);
}
